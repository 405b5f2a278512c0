import type { Credential } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import type { Actor } from "../audit.ts";
import { raiseEvent, type EventData } from "../webhooks/events.ts";
import type { CredentialContext } from "./context.ts";
import { auditPicture, ipDiff } from "./views.ts";

type Named = { id: string; username: string };

/** The body's `data` for a change to a credential: who and which, never its key. */
const about = (credential: Named, actor: Actor, extra: EventData = {}): EventData => ({
  credential_id: credential.id,
  username: credential.username,
  actor: actor.name,
  ...extra,
});

/** Stored in `tx`, the change's transaction: the change and its event commit together. */
export const raiseCredentialEvent = async (
  tx: Repositories,
  ctx: CredentialContext,
  type: "credential.created" | "credential.deleted" | "credential.key_regenerated",
  credential: Named,
  extra?: EventData,
) => {
  await raiseEvent(tx, ctx.now, type, about(credential, ctx.actor, extra));
};

/** Disabling is `credential.disabled`; any other change (enabling too) is `credential.updated` naming the fields. */
export async function raiseUpdateEvents(tx: Repositories, ctx: CredentialContext, before: Credential, after: Credential) {
  if (before.status !== after.status && after.status === "disabled") await raiseEvent(tx, ctx.now, "credential.disabled", about(after, ctx.actor));
  const was = auditPicture(before);
  const now = auditPicture(after);
  const changed = Object.keys(now).filter(
    (field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]) && !(field === "status" && after.status === "disabled"),
  );
  const ips = ipDiff(before.allowedIps, after.allowedIps);
  if (ips.added.length + ips.removed.length > 0) changed.push("allowedIps");
  if (changed.length > 0) await raiseEvent(tx, ctx.now, "credential.updated", about(after, ctx.actor, { changed }));
}
