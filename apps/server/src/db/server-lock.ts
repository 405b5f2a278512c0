import { readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * How `db restore` knows a server is using a database: each server writes
 * `<db>.server-<pid>.lock` beside it at start and removes it on shutdown. One file per process,
 * because several servers may share one SQLite file. SQLite itself cannot tell us: in WAL mode an
 * idle connection holds no lock. A file left by a killed server does not block, since its pid is gone.
 */
const prefix = (databasePath: string) => `${basename(fileItself(databasePath))}.server-`;
const lockPath = (databasePath: string, pid: number) => join(dirname(fileItself(databasePath)), `${prefix(databasePath)}${pid}.lock`);

/**
 * The database file itself, through any symlink: a server started on a link and a restore given
 * the file it points to (or the other way round) must find the same lock (a review's find).
 */
export function fileItself(databasePath: string) {
  try {
    return realpathSync(databasePath);
  } catch {
    return resolve(databasePath);
  }
}

export function holdServerLock(databasePath: string): { release: () => void } {
  if (databasePath === ":memory:") return { release: () => {} };
  const path = lockPath(databasePath, process.pid);
  writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
  return { release: () => rmSync(path, { force: true }) };
}

/** Pids of live servers using the database; stale lock files are removed on the way. */
export function serversUsing(databasePath: string): number[] {
  const folder = dirname(fileItself(databasePath));
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const match = name.startsWith(prefix(databasePath)) ? /^(\d+)\.lock$/.exec(name.slice(prefix(databasePath).length)) : null;
    if (!match) continue;
    const pid = Number(match[1]);
    if (isAlive(pid)) pids.push(pid);
    else rmSync(join(folder, name), { force: true });
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user — still a server.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
