import { resolve } from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./lib/client-ip.ts";
import { isPostgresUrl, withoutPassword } from "./lib/database-url.ts";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: "must be a whole number" })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, { message: "must be at least 1" })
        .max(max, { message: `must be at most ${max}` }),
    );

// Where browsers reach us, as they spell it in Origin: scheme and host (and port), nothing more.
const publicOrigin = z
  .string()
  .refine(
    (value) => {
      const url = URL.canParse(value) ? new URL(value) : null;
      return !!url && /^https?:$/.test(url.protocol) && !url.username && !url.password && url.pathname === "/" && !/[?#]/.test(value);
    },
    { message: "must be an origin such as https://gatehouse.example.com (scheme and host, optional port, no path)" },
  )
  .transform((value) => new URL(value).origin);

const configSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d+$/, { message: "must be a whole number between 0 and 65535" })
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535, { message: "must be a whole number between 0 and 65535" }))
    .default(3000),
  HOST: z.string().min(1, { message: "must not be empty" }).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1, { message: "must not be empty" }).default("data/gatehouse.sqlite"),
  /** PostgreSQL instead of DATABASE_PATH, for several instances on one database. */
  DATABASE_URL: z
    .string()
    .refine((value) => isPostgresUrl(value), { message: "must be a postgres:// or postgresql:// URL" })
    .optional(),
  ADMIN_USERNAME: z.string().default("admin"),
  ADMIN_PASSWORD: z.string().optional(),
  TRUSTED_PROXIES: z.string().default(""),
  PUBLIC_ORIGIN: publicOrigin.optional(),
  REDIS_URL: z
    .string()
    .refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), { message: "must be a redis:// or rediss:// URL" })
    .optional(),
  /** Seals hmac signing secrets; without it a key file is created beside the database. */
  SECRET_KEY: z.string().min(32, { message: "must be at least 32 characters (e.g. openssl rand -base64 32)" }).optional(),
  TOKEN_TTL_SECONDS: positiveInt(31_536_000).default(3600),
  HISTORY_RETENTION_DAYS: positiveInt(36_500).default(90),
  AUDIT_RETENTION_DAYS: positiveInt(36_500).default(365),
  DEMO_DATA: booleanFlag.default(false),
  /** A webhook attempt without an answer within this long has failed and is retried. */
  WEBHOOK_TIMEOUT_SECONDS: positiveInt(60).default(10),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // What Prometheus sends as `Authorization: Bearer …`; printable, no spaces, long enough not to be guessed.
  METRICS_TOKEN: z
    .string()
    .min(16, { message: "must be at least 16 characters (for example the output of: openssl rand -hex 32)" })
    .max(512, { message: "must be at most 512 characters" })
    .regex(/^[\x21-\x7e]+$/, { message: "must be printable ASCII without spaces" })
    .optional(),
});

export type Config = z.output<typeof configSchema>;

const secretNames = new Set(["METRICS_TOKEN", "SECRET_KEY"]);

export class ConfigError extends Error {}

/**
 * A relative DATABASE_PATH is relative to the folder the command was started from (pnpm runs
 * package scripts inside the package, and tells us the original folder in INIT_CWD).
 */
export function resolveFromLaunchFolder(path: string, env: Record<string, string | undefined>) {
  return path === ":memory:" ? path : resolve(env.INIT_CWD ?? process.cwd(), path);
}

/** Reads the configuration from the environment; throws a ConfigError with one readable line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.keys(configSchema.shape).flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) {
    const proxies = parseTrustedProxies(parsed.data.TRUSTED_PROXIES);
    if (proxies.error) throw new ConfigError(`Invalid configuration: ${proxies.error}`);
    return { ...parsed.data, DATABASE_PATH: resolveFromLaunchFolder(parsed.data.DATABASE_PATH, env) };
  }
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    // A secret's value is never repeated, even a wrong one: start errors end up in logs.
    if (secretNames.has(name)) return `${name} (${String(present[name] ?? "").length} characters) ${issue.message}`;
    // A database URL may carry a password.
    if (name === "DATABASE_URL") return `DATABASE_URL=${JSON.stringify(withoutPassword(String(present[name])))} ${issue.message}`;
    return `${name}=${JSON.stringify(present[name] ?? "")} ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}
