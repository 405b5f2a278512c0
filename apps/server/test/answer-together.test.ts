import type { IncomingMessage, ServerResponse } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { answerTogether } from "../src/lib/answer-together.ts";
import { startHttpServer } from "../src/http-server.ts";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const fake = (url: string) => [{ url } as IncomingMessage, {} as ServerResponse] as const;
const requestLine = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;

describe("requests that arrive together are answered together", () => {
  it("answers the requests of one turn after it, all of them, in the order they came", async () => {
    const answered: string[] = [];
    const listener = answerTogether(async (request) => {
      answered.push(request.url ?? "");
    });
    listener(...fake("/a"));
    listener(...fake("/b"));
    listener(...fake("/c"));
    expect(answered).toEqual([]);
    await nextTurn();
    expect(answered).toEqual(["/a", "/b", "/c"]);
    listener(...fake("/d"));
    await nextTurn();
    expect(answered).toEqual(["/a", "/b", "/c", "/d"]);
  });

  it("has read every request of a burst before the app answers the first", async () => {
    let arrived = 0;
    const seenByApp: number[] = [];
    const server = await new Promise<ReturnType<typeof startHttpServer>>((resolve) => {
      const started = startHttpServer(
        (request) => {
          seenByApp.push(arrived);
          return new Response(new URL(request.url).pathname);
        },
        0,
        "127.0.0.1",
        () => resolve(started),
      );
    });
    server.on("request", () => (arrived += 1));
    const { port } = server.address() as AddressInfo;
    // Three requests in one write: Node reads them in one turn.
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString()));
    socket.write(`${requestLine("/first")}${requestLine("/second")}${requestLine("/third")}`);
    await expect.poll(() => received.match(/HTTP\/1\.1 200/g)?.length ?? 0).toBe(3);
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));

    expect(seenByApp).toEqual([3, 3, 3]);
    expect(received.indexOf("/first")).toBeLessThan(received.indexOf("/second"));
    expect(received.indexOf("/second")).toBeLessThan(received.indexOf("/third"));
  });
});
