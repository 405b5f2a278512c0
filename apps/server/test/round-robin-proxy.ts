import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A load balancer for the cluster test, as nginx's default upstream: each request goes to the
 * next instance in turn, with the caller's address appended to X-Forwarded-For. An instance
 * that does not answer gives 502, as it would there without retries.
 */
export async function roundRobinProxy(upstreams: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
    const send = () => {
      const target = new URL(req.url ?? "/", upstreams[next++ % upstreams.length]);
      const upstream = http.request(target, { method: req.method, headers: { ...req.headers, "x-forwarded-for": forwardedFor }, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the instance had just closed: the request never reached it,
        // so it goes to the next one (Node's documented retry, and what nginx does).
        if (upstream.reusedSocket && error.code === "ECONNRESET") return send();
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    };
    send();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      agent.destroy();
      server.close();
    },
  };
}
