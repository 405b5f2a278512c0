import { toIso } from "./lib/time.ts";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

type Entry = { at: number; level: Exclude<LogLevel, "silent">; message: string; fields: LogFields | undefined };

// What JSON.stringify would escape in a string: quotes, backslashes, control characters and
// surrogates (a lone one is written as \uXXXX). Most values (ids, addresses, paths) have none.
function needsEscape(text: string) {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 34 || code === 92 || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}
const jsonString = (text: string) => (needsEscape(text) ? JSON.stringify(text) : `"${text}"`);

/** Field names, quoted once: the access log repeats the same six on every line. */
const quotedNames = new Map<string, string>();
const quotedName = (name: string) => {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = `,${JSON.stringify(name)}:`;
    if (quotedNames.size < 1000) quotedNames.set(name, quoted);
  }
  return quoted;
};

/** The line as JSON.stringify would write it, built field by field: a tenth of the access log's cost. */
function format({ at, level, message, fields }: Entry): string {
  let line = `{"time":"${toIso(at)}","level":"${level}","message":${jsonString(message)}`;
  for (const name in fields) {
    const value = fields[name];
    if (value === undefined || name === "time" || name === "level" || name === "message") continue;
    const json = typeof value === "string" ? jsonString(value) : typeof value === "number" && Number.isFinite(value) ? String(value) : JSON.stringify(value);
    if (json !== undefined) line += `${quotedName(name)}${json}`;
  }
  return `${line}}\n`;
}

/**
 * Info and debug entries (the access log among them) are kept as they are and formatted and
 * written once per event-loop turn, after the answers of that turn have gone out: one syscall
 * for many lines, and no JSON work on a request's path. Warnings and errors are written at once.
 */
function batchedStdout() {
  let pending: Entry[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const entries = pending;
    pending = [];
    process.stdout.write(entries.map(format).join(""));
  };
  process.on("exit", flush);
  return (entry: Entry) => {
    const urgent = rank[entry.level] >= rank.warn;
    if (pending.length === 0 && !urgent) setImmediate(flush);
    pending.push(entry);
    if (urgent) flush();
  };
}

let stdout: ((entry: Entry) => void) | undefined;

/** One JSON object per line, the shape log shippers expect. `write` takes the lines instead of stdout (tests). */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const sink = write ? (entry: Entry) => write(format(entry)) : (stdout ??= batchedStdout());
  const log = (at: Exclude<LogLevel, "silent">) => (message: string, fields?: LogFields) => {
    if (rank[at] < rank[level]) return;
    sink({ at: Date.now(), level: at, message, fields });
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
