import { describe, expect, it } from "vitest";
import { openStore } from "../src/db/client.ts";
import { seedDemoData } from "../src/domain/catalog/demo-data.ts";

const NOW = Date.UTC(2026, 10, 25, 12);

describe("transactions on the one SQLite connection", () => {
  it("keep a statement issued meanwhile out of a transaction that rolls back", async () => {
    const { repos } = openStore(":memory:");
    await seedDemoData(repos, NOW);
    let midway!: () => void;
    const reached = new Promise<void>((resolve) => {
      midway = resolve;
    });
    const failing = repos.transaction(async (tx) => {
      await tx.catalog.updateProduct("MUG-LOGO", { quantity: 1 }, NOW);
      midway();
      // Another request runs while this transaction waits between its statements.
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error("the edit was refused");
    });
    await reached;
    const outside = repos.catalog.updateProduct("CAP-NAVY", { quantity: 99 }, NOW);
    await expect(failing).rejects.toThrow("the edit was refused");
    await outside;
    expect((await repos.catalog.product("MUG-LOGO"))?.quantity).toBe(120);
    expect((await repos.catalog.product("CAP-NAVY"))?.quantity).toBe(99);
  });

  it("join the open transaction when a unit inside asks for one", async () => {
    const { repos } = openStore(":memory:");
    await seedDemoData(repos, NOW);
    await expect(
      repos.transaction(async (tx) => {
        await tx.transaction((inner) => inner.catalog.updateProduct("MUG-LOGO", { quantity: 3 }, NOW));
        throw new Error("rolled back as a whole");
      }),
    ).rejects.toThrow("rolled back as a whole");
    expect((await repos.catalog.product("MUG-LOGO"))?.quantity).toBe(120);
  });
});
