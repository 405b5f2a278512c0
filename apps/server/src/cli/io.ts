import { parseArgs, type ParseArgsConfig } from "node:util";
import { ApiError } from "../lib/api-error.ts";

export class UsageError extends Error {}

/**
 * parseArgs, with its one message an operator cannot act on said plainly: a value that starts with
 * a dash (--rate-limit -1) is taken for the next option.
 */
function parsed<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, tokens: true, allowPositionals: true });
  } catch (error) {
    const ambiguous = error instanceof Error ? /^Option '(--[\w-]+)' argument is ambiguous/.exec(error.message) : null;
    if (ambiguous) throw new UsageError(`${ambiguous[1]} needs a value; write one that starts with a dash as ${ambiguous[1]}=VALUE`);
    throw error;
  }
}

/**
 * A command's --options and plain arguments, strictly: an unknown option is refused, and so is
 * one that takes a single value given twice (a review's `--username cli-1 --username cli-2`
 * made cli-2 without a word).
 */
export function argumentsOf<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  const { values, positionals, tokens } = parsed(args, options);
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice: give it once`);
    seen.add(token.name);
  }
  return { values, positionals };
}

/** A command's --options, as argumentsOf reads them, for a command that takes nothing else. */
export function optionsOf<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  const { values, positionals } = argumentsOf(args, options);
  if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals[0]}": this command takes only --options`);
  return values;
}

/** The one API Username a command takes; anything after it is refused rather than ignored. */
export function onlyUsername(args: string[], example: string): string | undefined {
  if (args.length > 1)
    throw new UsageError(
      `Unexpected ${args
        .slice(1)
        .map((arg) => `"${arg}"`)
        .join(" ")}: ${example}`,
    );
  return args[0];
}

export const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Reads a secret: hidden typing on a terminal, or the first line of piped input. */
export async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let value = "";
    const onData = (data: Buffer) => {
      const chars = [...data.toString("utf8")];
      for (const [at, char] of chars.entries()) {
        if (char === "\r" || char === "\n" || char === "\u0004") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          // Typed ahead (or pasted with the next answer): what follows the Enter is the next read's.
          const rest = chars.slice(at + 1).join("");
          if (rest !== "") stdin.unshift(Buffer.from(rest, "utf8"));
          process.stderr.write("\n");
          resolve(value);
          return;
        }
        if (char === "\u0003") process.exit(130);
        value = char === "\u007f" ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on("data", onData);
  });
}

/** The option that sets each field an error can name: the schema says `expiresAt`, the operator typed --expires. */
const optionNames: Record<string, string> = {
  username: "--username",
  role: "--role",
  scopes: "--scope",
  allowedIps: "--ip",
  expiresAt: "--expires",
  rateLimit: "--rate-limit",
  keyLength: "--length",
  ipEnforcement: "--ip-enforcement",
  mode: "--signing",
  alg: "--sign-alg",
  publicKey: "--public-key",
  events: "--event",
  deniedThreshold: "--denied-threshold",
  url: "URL",
};

/** "allowedIps.2.entry" → "--ip", "signing.alg" → "--sign-alg"; a field no option sets keeps its name. */
function optionOf(field: string): string {
  const [name = field] = field.split(".").filter((part) => part !== "signing" && part !== "entry" && !/^\d+$/.test(part));
  return optionNames[name] ?? field;
}

/** Turns a domain error into one line on stderr and a non-zero exit. */
export function explain(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  if (error instanceof ApiError) {
    const fields = error.fields ? Object.entries(error.fields).map(([name, message]) => `${optionOf(name)}: ${message}`) : [];
    return fields.length > 0 ? fields.join("; ") : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
