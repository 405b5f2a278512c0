import { afterEach, describe, expect, it, vi } from "vitest";
import { DatabaseAway, outageGate } from "../src/db/pg/outage-gate.ts";
import { isDatabaseUnreachable } from "../src/db/unreachable.ts";

afterEach(() => vi.useRealTimers());

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

/** A probe the test answers: each call waits for `server.up` to say how it ends. */
function probedServer() {
  const server = { up: false, probes: 0 };
  const probe = vi.fn<() => Promise<void>>(async () => {
    server.probes += 1;
    if (!server.up) throw refused();
  });
  return { server, probe };
}

describe("the outage gate in front of PostgreSQL", () => {
  it("turns calls away at once while the probe fails, and lets them through when it answers", async () => {
    vi.useFakeTimers();
    const { server, probe } = probedServer();
    const gate = outageGate(probe);
    const statement = vi.fn<() => Promise<string>>(async () => "row");

    await expect(gate.pass(() => Promise.reject(refused()))).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await vi.advanceTimersByTimeAsync(0);
    expect(gate.away()).toBe(true);
    const turnedAway = await gate.pass(statement).catch((error: unknown) => error);
    expect(turnedAway).toBeInstanceOf(DatabaseAway);
    expect(isDatabaseUnreachable(turnedAway)).toBe(true);
    expect(statement).not.toHaveBeenCalled();

    // Asked again every 250 ms while away.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.probes).toBe(5);
    server.up = true;
    await vi.advanceTimersByTimeAsync(250);
    expect(gate.away()).toBe(false);
    expect(await gate.pass(statement)).toBe("row");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.probes).toBe(6);
    await gate.close();
  });

  it("stays open when the probe answers at once: one lost connection is not an outage", async () => {
    const { server, probe } = probedServer();
    server.up = true;
    const gate = outageGate(probe);
    await expect(gate.pass(() => Promise.reject(Object.assign(new Error("reset"), { code: "ECONNRESET" })))).rejects.toThrow("reset");
    expect(gate.away()).toBe(false);
    expect(await gate.pass(async () => "row")).toBe("row");
    await gate.close();
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it("does not probe for an error of the statement itself", async () => {
    const { probe } = probedServer();
    const gate = outageGate(probe);
    const duplicate = Object.assign(new Error("duplicate key value"), { code: "23505" });
    await expect(gate.pass(() => Promise.reject(duplicate))).rejects.toBe(duplicate);
    expect(probe).not.toHaveBeenCalled();
    expect(gate.away()).toBe(false);
    await gate.close();
  });

  it("probes when a call has gone 5 s without an answer: a server that went silent, not one that refused", async () => {
    vi.useFakeTimers();
    const { probe } = probedServer();
    const gate = outageGate(probe);
    void gate.pass(() => new Promise(() => {}));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(probe).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(probe).toHaveBeenCalledTimes(1);
    await expect(gate.pass(async () => "row")).rejects.toBeInstanceOf(DatabaseAway);
    await gate.close();
  });

  it("does not count a quiet pool as a silent server", async () => {
    vi.useFakeTimers();
    const { probe } = probedServer();
    const gate = outageGate(probe);
    expect(await gate.pass(async () => "row")).toBe("row");
    await vi.advanceTimersByTimeAsync(60_000);
    // A call made after a long quiet spell is timed from when it was made.
    void gate.pass(() => new Promise(() => {}));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(probe).not.toHaveBeenCalled();
    await gate.close();
  });

  it("stops probing once closed", async () => {
    vi.useFakeTimers();
    const { probe } = probedServer();
    const gate = outageGate(probe);
    await gate.pass(() => Promise.reject(refused())).catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const closing = gate.close();
    await vi.advanceTimersByTimeAsync(1_000);
    await closing;
    const probes = probe.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(probe).toHaveBeenCalledTimes(probes);
  });
});
