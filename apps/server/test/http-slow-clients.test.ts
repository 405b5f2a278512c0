import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, rowsOf, testApp } from "./helpers.ts";

/** A raw connection that never closes its own side: what a slow or hostile client does. */
function openConnection(port: number) {
  const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
  const received = { text: "", ended: false };
  socket.on("data", (chunk) => (received.text += chunk.toString("latin1")));
  socket.on("end", () => (received.ended = true));
  socket.on("error", () => {});
  return { socket, received };
}

const until = async (done: () => boolean | Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe("clients that are slow to send a request", () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: Awaited<ReturnType<typeof listen>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await testApp();
    // The production limits (15 s, 30 s, every 2 s) scaled down.
    server = await listen(t.deps, { headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 100 });
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });

  it("answers trickling, half-sent and silent connections with the envelope, and closes them", async () => {
    const clients = Array.from({ length: 60 }, (_, i) => {
      const client = openConnection(server.port);
      sockets.push(client.socket);
      client.socket.on("connect", () => {
        if (i % 3 === 0) return; // sends nothing
        client.socket.write("GET /api/v1/session HTTP/1.1\r\nHost: x\r\n");
        if (i % 3 === 1) return; // sends half a request, then nothing
        const trickle = setInterval(() => client.socket.writable && client.socket.write("X-Slow: yes\r\n"), 50);
        client.socket.on("close", () => clearInterval(trickle));
      });
      return client.received;
    });
    await until(() => clients.every((client) => client.ended), 5000);
    for (const client of clients) {
      expect(client.text.startsWith("HTTP/1.1 400 "), client.text.slice(0, 60)).toBe(true);
      expect(client.text).toContain('"code":"invalid_request"');
      expect(client.text).toContain("The request did not arrive in time");
    }
    // Closed by the server, though none of the clients closed its side.
    await until(async () => (await server.connections()) === 0, 2000);
    expect(await server.connections()).toBe(0);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

const expectContinue = (length: number) =>
  `POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;

describe("requests whose body is announced, then not sent or not all of it", () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    t = await testApp();
    server = await listen(t.deps);
  });
  afterAll(() => server.close());

  it("Expect: 100-continue: refuses a body over the limit without inviting it, and closes the connection", async () => {
    const { socket, received } = openConnection(server.port);
    socket.write(expectContinue(10_000_000));
    await until(() => received.ended, 2000);
    socket.destroy();
    expect(received.text).not.toContain("100 Continue");
    expect(received.text.startsWith("HTTP/1.1 413 "), received.text.slice(0, 60)).toBe(true);
    expect(received.text.toLowerCase()).toContain("connection: close");
    expect(received.text).toContain('"code":"payload_too_large"');
  });

  it("Expect: 100-continue: invites a body the call reads, and answers it on a connection that stays open", async () => {
    const body = JSON.stringify({ username: "nobody-here", key: "not-a-key" });
    const { socket, received } = openConnection(server.port);
    socket.write(expectContinue(Buffer.byteLength(body)));
    await until(() => received.text.includes("\r\n\r\n"), 2000);
    expect(received.text).toBe("HTTP/1.1 100 Continue\r\n\r\n");
    socket.write(body);
    await until(() => received.text.includes('"error"'), 2000);
    socket.destroy();
    expect(received.text).toContain("HTTP/1.1 401 ");
    expect(received.text.toLowerCase()).toContain("connection: keep-alive");
  });

  it("records a body dropped part-way as a bad request, not as a database outage", async () => {
    // Refused bodies fold into one row (login, 127.0.0.1, outcome error), whose status is the last call's.
    const errors = async () => {
      await t.deps.history.flush();
      return (await rowsOf(t.store, "select status, count from api_history where outcome = 'error'")) as { status: number; count: number }[];
    };
    const before = (await errors()).reduce((sum, row) => sum + row.count, 0);
    const partial = [
      'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"use',
      'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"use',
    ];
    for (const payload of partial) {
      const { socket } = openConnection(server.port);
      socket.write(payload, () => setTimeout(() => socket.destroy(), 100));
    }
    await until(async () => (await errors()).reduce((sum, row) => sum + row.count, 0) === before + 2, 3000);
    // As any other bad request: status 400, outcome error.
    expect(await errors()).toEqual([{ status: 400, count: before + 2 }]);
    expect(t.lines.join("")).not.toContain("the database is not answering");
    expect(t.lines.join("")).not.toContain('"status":503');
  });
});
