import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { importReadmeBlock } from "./readme-blocks.ts";

export type Received = { id: string; type: string; created_at: string; data: Record<string, unknown>; signature: string; raw: string; valid: boolean };

type Verify = (secret: string, header: string, body: string, now?: number) => boolean;
/** The receiver's side exactly as README "Notifications" tells integrators to write it. */
export const { verifyGatehouseSignature } = await importReadmeBlock<{ verifyGatehouseSignature: Verify }>("Notifications");

/**
 * A webhook endpoint on a free loopback port. `up = false` answers 503 (or, with `hang`, never
 * answers); every request is kept, checked against `secret` once it is known.
 */
export async function webhookReceiver(options: { clockSeconds?: () => number } = {}) {
  const received: Received[] = [];
  const state = { up: true, hang: false, secret: "", hung: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (state.hang) return void (state.hung += 1);
      if (!state.up) return void res.writeHead(503).end();
      const raw = Buffer.concat(chunks).toString("utf8");
      const signature = String(req.headers["gatehouse-signature"] ?? "");
      const body = JSON.parse(raw) as Omit<Received, "signature" | "raw" | "valid">;
      received.push({ ...body, signature, raw, valid: verifyGatehouseSignature(state.secret, signature, raw, options.clockSeconds?.()) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    state,
    ofType: (type: string) => received.filter((event) => event.type === type),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
