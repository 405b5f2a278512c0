import { ApiError } from "../lib/api-error.ts";

export class UsageError extends Error {}

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
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n" || char === "\u0004") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
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

/** Turns a domain error into one line on stderr and a non-zero exit. */
export function explain(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  if (error instanceof ApiError) {
    const fields = error.fields ? Object.entries(error.fields).map(([name, message]) => `${name}: ${message}`) : [];
    return fields.length > 0 ? fields.join("; ") : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
