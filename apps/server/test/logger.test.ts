import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";

describe("the JSON log", () => {
  it("writes each entry as one line of the JSON that JSON.stringify would give", () => {
    const lines: string[] = [];
    const logger = createLogger("debug", (line) => lines.push(line));
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (message, fields) => {
        lines.length = 0;
        logger.info(message, fields);
        expect(lines).toHaveLength(1);
        expect(lines[0]?.endsWith("}\n")).toBe(true);
        expect(lines[0]?.slice(0, -1)).not.toContain("\n");
        const { time, level, message: logged, ...rest } = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
        expect([typeof time, level, logged]).toEqual(["string", "info", message]);
        const expected = JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
        for (const reserved of ["time", "level", "message", "__proto__"]) delete expected[reserved];
        delete rest["__proto__"];
        expect(rest).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves out what JSON cannot hold and keeps numbers as numbers", () => {
    const lines: string[] = [];
    createLogger("info", (line) => lines.push(line)).info("request", {
      status: 200,
      ms: 1.5,
      skipped: undefined,
      fn: () => 1,
      nan: Number.NaN,
      path: 'a"b\\c',
    });
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ status: 200, ms: 1.5, nan: null, path: 'a"b\\c' });
    expect(lines[0]).not.toContain("skipped");
    expect(lines[0]).not.toContain("fn");
    createLogger("warn", (line) => lines.push(line)).info("below the level");
    expect(lines).toHaveLength(1);
  });

  it("writes the access log's line as info would write the same fields", () => {
    const lines: string[] = [];
    const logger = createLogger("info", (line) => lines.push(line));
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.integer({ min: 100, max: 599 }),
        fc.string(),
        fc.double(),
        (requestId, method, path, status, ip, ms) => {
          lines.length = 0;
          logger.request({ requestId, method, path, status, ip, ms });
          logger.info("request", { request_id: requestId, method, path, status, ip, ms });
          const [line, expected] = lines.map((text) => ({ ...(JSON.parse(text) as object), time: "" }));
          expect(lines[0]?.endsWith("}\n")).toBe(true);
          expect(lines[0]?.slice(0, -1)).not.toContain("\n");
          expect(line).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("writes no access log below info", () => {
    const lines: string[] = [];
    createLogger("warn", (line) => lines.push(line)).request({ requestId: "req_1", method: "GET", path: "/healthz", status: 200, ip: "127.0.0.1", ms: 0.1 });
    expect(lines).toEqual([]);
  });
});
