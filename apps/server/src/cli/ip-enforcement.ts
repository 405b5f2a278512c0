import { ipEnforcementSchema, type IpEnforcement } from "@gatehouse/shared";
import type { CredentialContext } from "../domain/credentials/context.ts";
import { ipSuggestions } from "../domain/credentials/ip-suggestions.ts";
import { updateCredential } from "../domain/credentials/write.ts";
import { print, UsageError } from "./io.ts";

export const ipEnforcementWords: Record<IpEnforcement, string> = {
  enforce: "Enforce — calls from addresses not on the list are refused",
  report: "Report only — calls from addresses not on the list are served and recorded as would have been refused",
};

/**
 * `key ip-enforcement U enforce|report`. Switching to enforce also says how many of the last 7 days'
 * calls came from unlisted addresses: the operator learns at once what they just cut off.
 */
export async function setIpEnforcement(ctx: CredentialContext, credentialId: string, username: string, value: string | undefined) {
  const parsed = ipEnforcementSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Say enforce or report, e.g. pnpm gatehouse key ip-enforcement ${username} report`);
  const mode = parsed.data;
  await updateCredential(ctx, credentialId, { ipEnforcement: mode });
  print(`${username}: IP enforcement is ${ipEnforcementWords[mode]}.`);
  if (mode !== "enforce") return;
  const refused = (await ipSuggestions(ctx.repos, credentialId, ctx.now)).wouldBeRefused7d;
  print(
    refused === 0
      ? "No call of the last 7 days came from an address that is not on the list."
      : `${refused} ${refused === 1 ? "call" : "calls"} of the last 7 days came from addresses not on the list: from now on such calls are refused.`,
  );
}
