import { describe, expect, it } from "vitest";
import { integrationSetup } from "./helpers.ts";
import { ed25519Pair, type SignedCallOptions, signedCall } from "./signing.ts";

/** Changes the byte at `index` to another letter, different even ignoring case (a host name is). */
const flip = (text: string, index: number) => text.slice(0, index) + (text[index]?.toLowerCase() === "q" ? "z" : "q") + text.slice(index + 1);

describe("Signed requests: any single-byte change is refused", () => {
  it("in the method, authority, path, query, a signed header or the body", async () => {
    const t = await integrationSetup();
    const pair = ed25519Pair();
    const api = await t.credential({ allowedIps: [{ entry: "*" }], signing: { mode: "required", alg: "ed25519", publicKey: pair.publicKeyPem } });
    const key = { keyid: api.username, privateKeyPem: pair.privateKeyPem };
    const body = JSON.stringify({ quantity: 42, status: "enabled" });
    // Each attempt from its own address, so the failed-attempt throttle (429) never answers first.
    let attempt = 0;
    const send = (tamper: SignedCallOptions["tamper"], method = "PATCH") => {
      attempt += 1;
      const ip = `10.${attempt >> 8}.${attempt & 255}.1`;
      return signedCall(t.app, key, method, "/products/MUG-LOGO?view=full", { body, now: t.clock(), tamper, ip });
    };
    const first = await send(undefined);
    expect(first.status, await first.clone().text()).toBe(200);

    const statuses: string[] = [];
    const base = "http://localhost/api/v1/products/MUG-LOGO?view=full";
    // Authority (localhost), path and query, one byte at a time.
    for (let index = "http://".length; index < base.length; index += 1) {
      if (base[index] === "/" || base[index] === "?" || base[index] === "=") continue;
      statuses.push(`url ${index} ${(await send((request) => void (request.url = flip(base, index)))).status}`);
    }
    for (let index = 0; index < body.length; index += 1)
      statuses.push(`body ${index} ${(await send((request) => void (request.body = flip(body, index)))).status}`);
    for (const header of ["Content-Type", "Content-Digest"])
      for (let index = 0; index < 12; index += 1)
        statuses.push(`${header} ${index} ${(await send((request) => void (request.headers[header] = flip(request.headers[header] ?? "", index)))).status}`);
    statuses.push(`method ${(await send(undefined, "PUT")).status}`);
    // Every change refused: 401, or before any key is checked 404 for a path that is no route and
    // 415 for a Content-Type that is no longer JSON.
    expect(statuses.filter((status) => !/ (401|404|415)$/.test(status))).toEqual([]);
    expect(statuses.filter((status) => status.endsWith(" 401")).length).toBeGreaterThan(60);
  });
});
