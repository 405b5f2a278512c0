import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { DatabaseOpenError, openStore } from "../src/db/client.ts";
import { tempDir } from "./helpers.ts";

/** The permission bits of a path, as an octal string ("600"). */
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe("the database files", () => {
  // The usual umask, which leaves new files world-readable (644) unless we ask for less.
  let previousUmask = 0;
  beforeAll(() => {
    previousUmask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previousUmask);
  });

  it("are readable by the owner only, in folders Gatehouse creates for the owner only", () => {
    const root = tempDir();
    const path = join(root, "data", "nested", "gatehouse.sqlite");
    const store = openStore(path);
    try {
      // Migrations have written, so the WAL and its index exist.
      expect(modeOf(path)).toBe("600");
      expect(modeOf(`${path}-wal`)).toBe("600");
      expect(modeOf(`${path}-shm`)).toBe("600");
      expect(modeOf(join(root, "data"))).toBe("700");
      expect(modeOf(join(root, "data", "nested"))).toBe("700");
    } finally {
      store.sqlite.close();
    }
  });

  it("leave the mode of a folder the operator made alone", () => {
    const folder = join(tempDir(), "chosen");
    mkdirSync(folder, { mode: 0o755 });
    const store = openStore(join(folder, "gatehouse.sqlite"));
    store.sqlite.close();
    expect(modeOf(folder)).toBe("755");
    expect(modeOf(join(folder, "gatehouse.sqlite"))).toBe("600");
  });

  // A review's find: `key list` on another application's SQLite file added every Gatehouse table to it.
  it("are never another application's SQLite file: it is refused and left as it was", () => {
    const path = join(tempDir(), "shop.sqlite");
    const other = new Database(path);
    other.exec("create table orders (id integer primary key, total integer); insert into orders (total) values (4200)");
    other.close();
    const before = readFileSync(path);
    expect(() => openStore(path)).toThrow(
      new DatabaseOpenError(`${path} is not a Gatehouse database (it holds other tables, such as orders); nothing was changed`),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
