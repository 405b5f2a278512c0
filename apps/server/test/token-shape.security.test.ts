import { keyChecksum } from "@gatehouse/shared";
import { describe, expect, it, vi } from "vitest";
import { randomBase62, randomToken } from "../src/lib/random.ts";
import { errorOf, integrationSetup } from "./helpers.ts";

describe("integration tokens are checked by shape before any lookup", () => {
  it("a mistyped, made-up or old-style token is refused without touching the token store; a well-formed unknown one is looked up", async () => {
    const t = await integrationSetup();
    const { username, key } = await t.credential();
    const { token } = await t.login(username, key);
    expect((await t.v1("GET", "/session", { token })).status).toBe(200);

    const lookups = vi.spyOn(t.deps.authCache, "token");
    const mistyped = `${token.slice(0, 10)}${token[10] === "a" ? "b" : "a"}${token.slice(11)}`;
    for (const bad of [mistyped, token.slice(0, -1), `${token}x`, randomToken(), `gk_${token.slice(3)}`, "gt_"]) {
      const res = await t.v1("GET", "/session", { token: bad });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("invalid_token");
    }
    expect(lookups).not.toHaveBeenCalled();

    const body = randomBase62(43);
    const unknown = `gt_${body}${keyChecksum(body)}`;
    const res = await t.v1("GET", "/session", { token: unknown });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("invalid_token");
    expect(lookups).toHaveBeenCalledTimes(1);
  });
});
