import { jsonString } from "./lib/json-text.ts";
import { toIso } from "./lib/time.ts";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The access log: one line per answered request, at info. */
  request(entry: RequestEntry): void;
};

/** What the access log says of a request. */
export type RequestEntry = { requestId: string; method: string; path: string; status: number; ip: string; ms: number };

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

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
function format(at: number, level: Exclude<LogLevel, "silent">, message: string, fields: LogFields | undefined): string {
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
 * The access log's line, the same JSON as `info("request", {request_id, method, path, status,
 * ip, ms})` would give, from a fixed template: no fields object or name lookups per request.
 */
const requestLine = (at: number, { requestId, method, path, status, ip, ms }: RequestEntry) =>
  `{"time":"${toIso(at)}","level":"info","message":"request","request_id":${jsonString(requestId)},"method":${jsonString(method)},"path":${jsonString(path)},"status":${status},"ip":${jsonString(ip)},"ms":${Number.isFinite(ms) ? ms : null}}\n`;

/**
 * Info and debug lines (the access log among them) are collected and written once per
 * event-loop turn, after the answers of that turn have gone out: one syscall for many lines.
 * Warnings and errors are written at once.
 */
function batchedStdout() {
  // Joined at once (one copy into a flat string), not appended line by line: a long chain of
  // appended strings costs more to flatten than it saves.
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    process.stdout.write(lines.join(""));
  };
  process.on("exit", flush);
  return (line: string, urgent: boolean) => {
    if (pending.length === 0 && !urgent) setImmediate(flush);
    pending.push(line);
    if (urgent) flush();
  };
}

let stdout: ((line: string, urgent: boolean) => void) | undefined;

/** One JSON object per line, the shape log shippers expect. `write` takes the lines instead of stdout (tests). */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const sink = write ? (line: string) => write(line) : (stdout ??= batchedStdout());
  const log = (at: Exclude<LogLevel, "silent">) => {
    const urgent = rank[at] >= rank.warn;
    return (message: string, fields?: LogFields) => {
      if (rank[at] < rank[level]) return;
      sink(format(Date.now(), at, message, fields), urgent);
    };
  };
  const requests = rank.info >= rank[level];
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    request: (entry) => {
      if (requests) sink(requestLine(Date.now(), entry), false);
    },
  };
}
