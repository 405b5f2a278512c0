import { createCredentialSchema, fieldErrors, ipCoverage, openFamilies, type Credential, type CredentialListItem } from "@gatehouse/shared";
import type { CredentialContext } from "../domain/credentials/context.ts";
import { listCredentials } from "../domain/credentials/list.ts";
import { createCredential, deleteCredential, setCredentialStatus } from "../domain/credentials/write.ts";
import type { AppDeps } from "../deps.ts";
import { invalid, notFound } from "../lib/api-error.ts";
import { cliActor } from "./admin.ts";
import { ipEnforcementWords, setIpEnforcement } from "./ip-enforcement.ts";
import { onlyUsername, optionsOf, print, printJson, UsageError } from "./io.ts";
import { announceChanges } from "../lib/change-notices.ts";
import { changeSigning, describeSigning, printJsonWithSecret, printSigningSecret, signingFromFlags, signingUsage } from "./signing.ts";

export const keyUsage = `  key create --username U [--ip X]... [--scope S]... [--expires T] [--rate-limit N] [--length L] [--ip-enforcement enforce|report] [--json]
      Creates an enabled API credential and prints its key once (L characters, 64–256; default 64).
      --ip-enforcement report serves calls from unlisted addresses and records them (default: enforce).
  key list [--json]
  key enable U | key disable U | key delete U
  key ip-enforcement U enforce|report
      Refuse calls from addresses not on the list (enforce), or serve and record them (report).
${signingUsage}`;

// The credentials a command changed, announced to the instances when it is done (keyCommand).
const contextOf = (deps: AppDeps, changed: Set<string>): CredentialContext => ({
  repos: deps.store.repos,
  now: deps.clock(),
  actor: cliActor(),
  changed: (id) => void changed.add(id),
  secrets: deps.secrets,
});

/** "2027-01-31" means the start of that day, UTC; anything else must be ISO 8601 with an offset. */
const expiresFrom = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);

/** Digits only: "64abc" or "1e2" must not slip through as a number. NaN makes the schema say why. */
const wholeNumber = (text: string) => (/^\d+$/.test(text) ? Number(text) : Number.NaN);

async function create(deps: AppDeps, args: string[], changed: Set<string>) {
  const values = optionsOf(args, {
    username: { type: "string" },
    ip: { type: "string", multiple: true },
    scope: { type: "string", multiple: true },
    expires: { type: "string" },
    "rate-limit": { type: "string" },
    length: { type: "string" },
    "ip-enforcement": { type: "string" },
    signing: { type: "string" },
    "sign-alg": { type: "string" },
    "public-key": { type: "string" },
    json: { type: "boolean" },
  });
  const signing = signingFromFlags(values.signing, values["sign-alg"], values["public-key"]);
  const rateLimit = values["rate-limit"];
  const length = values.length;
  const parsed = createCredentialSchema.safeParse({
    username: values.username,
    scopes: values.scope ?? [],
    allowedIps: (values.ip ?? []).map((entry) => ({ entry })),
    expiresAt: expiresFrom(values.expires) ?? null,
    rateLimit: rateLimit === undefined ? null : wholeNumber(rateLimit),
    keyLength: length === undefined ? undefined : wholeNumber(length),
    ipEnforcement: values["ip-enforcement"],
    signing,
  });
  if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues));
  const issued = await createCredential(contextOf(deps, changed), parsed.data);
  if (values.json) return printJsonWithSecret(issued);
  print(`Created API "${issued.credential.username}" (${issued.credential.id}).`);
  print("API Key — shown only now; store it somewhere safe:\n");
  print(`    ${issued.key}\n`);
  if (issued.signingSecret) printSigningSecret(issued.signingSecret);
  describe(issued.credential);
}

/** Said when the list opens the key to a whole address family, however it is written (::/0, two /1 ranges…). */
function openWarning(ips: string[]): string | null {
  const families = openFamilies(ipCoverage(ips));
  if (families === null) return null;
  const who = families === "IPv4 and IPv6" ? "any address on the internet" : `every ${families} address`;
  return `Warning: ${ips.length === 1 ? `${ips[0]} lets` : "together these entries let"} ${who} use this key`;
}

function describe(credential: Credential) {
  const ips = credential.allowedIps.map((ip) => ip.entry);
  const warning = openWarning(ips);
  print(`Permissions: ${credential.scopes.join(", ") || "none (can only log in and call GET /api/v1/session)"}`);
  print(`Allowed IPs: ${ips.length ? ips.join(", ") : "none — no address can use this key until one is added"}`);
  if (warning) print(warning);
  if (credential.expiresAt) print(`Expires:     ${credential.expiresAt}`);
  if (credential.rateLimit) print(`Rate limit:  ${credential.rateLimit} requests per minute`);
  if (credential.ipEnforcement === "report") print(`IP enforcement: ${ipEnforcementWords.report}`);
  if (credential.signing.mode !== "off") describeSigning(credential);
}

async function list(deps: AppDeps, args: string[]) {
  const values = optionsOf(args, { json: { type: "boolean" } });
  const items: CredentialListItem[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listCredentials(deps.store.repos, { sort: "username", order: "asc", page, pageSize: 200 });
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) break;
  }
  if (values.json) return printJson(items);
  if (items.length === 0) return print("No API credentials yet. Create one with: pnpm gatehouse key create --username NAME");
  const rows = items.map((item) => [
    item.username,
    item.status,
    `${item.keyPrefix}…`,
    item.scopes.join(",") || "-",
    item.allowsAnyIp ? "any" : String(item.allowedIpCount),
    item.lastUsedAt ?? "never",
  ]);
  const header = ["USERNAME", "STATUS", "KEY", "PERMISSIONS", "IPS", "LAST USED"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  for (const row of [header, ...rows])
    print(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}

async function findByUsername(deps: AppDeps, username: string | undefined) {
  if (!username) throw new UsageError("Name the API Username, e.g. pnpm gatehouse key disable inventory-sync");
  const row = await deps.store.repos.credentials.liveByUsername(username);
  if (!row) throw notFound(`The API "${username}"`);
  return row;
}

/**
 * On PostgreSQL with Redis the instances hear of the changes at once, over Redis, as of an
 * instance's own; otherwise through the database (the change log within a second, SQLite's
 * data_version within 250 ms).
 */
export async function keyCommand(deps: AppDeps, args: string[]) {
  const changed = new Set<string>();
  try {
    await keyAction(deps, args, changed);
  } finally {
    if (deps.redis && deps.store.kind === "postgres") await announceChanges(deps.redis, changed);
  }
}

async function keyAction(deps: AppDeps, args: string[], changed: Set<string>) {
  const [action, ...rest] = args;
  switch (action) {
    case "create":
      return create(deps, rest, changed);
    case "list":
      return list(deps, rest);
    case "enable":
    case "disable": {
      const row = await findByUsername(deps, onlyUsername(rest, `pnpm gatehouse key ${action} inventory-sync`));
      await setCredentialStatus(contextOf(deps, changed), row.id, action === "enable" ? "enabled" : "disabled");
      return print(`${row.username} is ${action}d.`);
    }
    case "ip-enforcement": {
      if (rest.length > 2) throw new UsageError(`Unexpected "${rest[2]}": pnpm gatehouse key ip-enforcement inventory-sync enforce`);
      const row = await findByUsername(deps, rest[0]);
      return setIpEnforcement(contextOf(deps, changed), row.id, row.username, rest[1]);
    }
    case "signing": {
      const [username, mode, ...flags] = rest;
      const row = await findByUsername(deps, username);
      const values = optionsOf(flags, { "sign-alg": { type: "string" }, "public-key": { type: "string" }, json: { type: "boolean" } });
      return changeSigning(contextOf(deps, changed), row.id, row.username, {
        mode,
        alg: values["sign-alg"],
        publicKey: values["public-key"],
        json: values.json,
      });
    }
    case "delete": {
      const row = await findByUsername(deps, onlyUsername(rest, "pnpm gatehouse key delete inventory-sync"));
      await deleteCredential(contextOf(deps, changed), row.id);
      return print(`${row.username} is deleted. Its history is kept until retention removes it.`);
    }
    default:
      throw new UsageError(`Unknown key command "${action ?? ""}". Usage:\n${keyUsage}`);
  }
}
