export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export type Logger = {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Lines written to stdout once per event-loop turn, not once per request: one syscall for many. */
function batchedStdout() {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const lines = pending.join("");
    pending = [];
    process.stdout.write(lines);
  };
  process.on("exit", flush);
  return (line: string, urgent: boolean) => {
    if (pending.length === 0 && !urgent) setImmediate(flush);
    pending.push(line);
    if (urgent) flush();
  };
}

let stdout: ((line: string, urgent: boolean) => void) | undefined;

/**
 * One JSON object per line, the shape log shippers expect. Warnings and errors are written at
 * once; info and debug lines within the same event-loop turn are written together.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const sink = write ? (line: string) => write(line) : (stdout ??= batchedStdout());
  const log = (at: Exclude<LogLevel, "silent">) => (message: string, fields?: LogFields) => {
    if (rank[at] < rank[level]) return;
    sink(`${JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields })}\n`, rank[at] >= rank.warn);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
