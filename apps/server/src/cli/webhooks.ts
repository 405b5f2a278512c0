import { createWebhookSchema, fieldErrors } from "@gatehouse/shared";
import { createWebhook, listWebhooks, removeWebhook } from "../domain/webhooks/endpoints.ts";
import type { AppDeps } from "../deps.ts";
import { invalid } from "../lib/api-error.ts";
import { cliActor } from "./admin.ts";
import { argumentsOf, optionsOf, print, printJson, UsageError } from "./io.ts";

export const webhookUsage = `  webhook add URL [--event E]... [--denied-threshold N] [--json]
      Adds a webhook endpoint and prints its signing secret once (every event without --event).
      Events: credential.created, credential.updated, credential.disabled, credential.deleted,
      credential.key_regenerated, credential.expiring, credential.new_address, calls.denied_spike
      (needs --denied-threshold: denied calls per key and hour).
  webhook list [--json]
  webhook remove ID`;

async function add(deps: AppDeps, args: string[]) {
  const { values, positionals } = argumentsOf(args, {
    event: { type: "string", multiple: true },
    "denied-threshold": { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError(`Name one URL, e.g. pnpm gatehouse webhook add https://example.com/hooks --event credential.created`);
  const threshold = values["denied-threshold"];
  const events = values.event ?? createWebhookSchema.shape.events.element.options.filter((event) => event !== "calls.denied_spike" || threshold !== undefined);
  const parsed = createWebhookSchema.safeParse({
    url: positionals[0],
    events,
    deniedThreshold: threshold === undefined ? null : /^\d+$/.test(threshold) ? Number(threshold) : Number.NaN,
  });
  if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues));
  const created = await createWebhook(deps.store.repos, deps.clock(), cliActor(), parsed.data);
  if (values.json) return printJson({ ...created.endpoint, secret: created.secret });
  print(`Added webhook endpoint ${created.endpoint.id} for ${created.endpoint.url}`);
  print(`Events: ${created.endpoint.events.join(", ")}`);
  print("Signing secret — shown only now; give it to the receiver to check Gatehouse-Signature:\n");
  print(`    ${created.secret}\n`);
}

async function list(deps: AppDeps, args: string[]) {
  const values = optionsOf(args, { json: { type: "boolean" } });
  const items = await listWebhooks(deps.store.repos);
  if (values.json) return printJson(items);
  if (items.length === 0) return print("No webhook endpoints yet. Add one with: pnpm gatehouse webhook add URL");
  for (const item of items) {
    const threshold = item.deniedThreshold === null ? "" : ` (denied spike at ${item.deniedThreshold}/h)`;
    print(`${item.id}  ${item.url}  ${item.events.join(",")}${threshold}`);
  }
}

export async function webhookCommand(deps: AppDeps, args: string[]) {
  const [action, ...rest] = args;
  switch (action) {
    case "add":
      return add(deps, rest);
    case "list":
      return list(deps, rest);
    case "remove": {
      if (rest.length !== 1 || !rest[0]) throw new UsageError("Name the endpoint's ID (see pnpm gatehouse webhook list)");
      await removeWebhook(deps.store.repos, deps.clock(), cliActor(), rest[0]);
      return print(`Removed webhook endpoint ${rest[0]}.`);
    }
    default:
      throw new UsageError(`Unknown webhook command "${action ?? ""}". Usage:\n${webhookUsage}`);
  }
}
