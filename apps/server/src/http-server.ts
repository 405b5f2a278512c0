import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { getRequestListener, RequestError } from "@hono/node-server";
import { ApiError } from "./lib/api-error.ts";
import { answerTogether } from "./lib/answer-together.ts";
import { continueWhenRead } from "./lib/continue-when-read.ts";
import { everyResponse } from "./middleware/reply.ts";

type Fetch = Parameters<typeof getRequestListener>[0];

/** The error envelope for a request refused before the app sees it: it never got a request id. */
const envelope = (code: "invalid_request" | "internal", message: string) => JSON.stringify(new ApiError(code, message).envelope("none"));

const refusalHeaders = () => ({ ...everyResponse("none"), "content-type": "application/json", "cache-control": "no-store" });

const answer = (status: number, code: "invalid_request" | "internal", message: string) =>
  new Response(envelope(code, message), { status, headers: refusalHeaders() });

/**
 * Why a request that reached the listener is refused before the adapter reads it, or null.
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2): Node refuses a request without one, or with
 * an empty one, with an empty 400, so its check is off and made here, answered in the envelope;
 * HTTP/1.0 may leave it out, and the adapter then takes the address the server listens on. A
 * `#` has no place in a request target (a fragment stays in the browser), yet Node passes it and
 * the URL parser would hide what follows it from every check of the query.
 */
function unreadable(request: IncomingMessage) {
  if (!request.headers.host && request.httpVersionMajor === 1 && request.httpVersionMinor === 1) return "HTTP/1.1 requests need a Host header";
  if (request.url?.includes("#")) return "The request target cannot hold a fragment (#)";
  return null;
}

function refuseUnread(response: ServerResponse, message: string) {
  const body = envelope("invalid_request", message);
  response.writeHead(400, { ...refusalHeaders(), "content-length": String(Buffer.byteLength(body)), connection: "close" });
  response.end(body);
  return Promise.resolve();
}

// Why Node refused a request, in the envelope. The contract ties `invalid_request` to 400, so the
// headers over 16 KB (Node: 431) and the request that came too slowly (Node: 408) are 400 too.
const clientErrors: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "The request's headers (with its URL) are larger than 16 KB",
  ERR_HTTP_REQUEST_TIMEOUT: "The request did not arrive in time",
};

/**
 * A 400 in the envelope, written on the connection itself, which is then closed once the answer
 * is out, as Node's own handler does: a client that keeps its side open (or keeps trickling)
 * does not keep the connection.
 */
function refuseOnSocket(socket: Socket, message: string) {
  const body = envelope("invalid_request", message);
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroySoon();
}

/**
 * How long a client may take to send a request. Node's defaults are 60 s for the headers and
 * 300 s for the whole request, looked at every 30 s: a client trickling a header line now and
 * then held its connection for a minute and a half. Bodies here are at most 256 KB.
 */
export const slowClientLimits = { headersTimeout: 15_000, requestTimeout: 30_000, connectionsCheckingInterval: 2_000 };

/**
 * What `serve()` of @hono/node-server does, with the requests Node or the adapter refuse before
 * the app answered in the API's error envelope instead of an empty body: a missing Host header or
 * one that is not a host (`Host: a b`), headers over Node's 16 KB, a request line or header that does not
 * parse, a request too slow to arrive. The app's own answers go through the same listener
 * `serve()` builds, the requests of one event-loop turn answered together (lib/answer-together.ts),
 * and a client expecting `100 Continue` gets it only when its body is read (lib/continue-when-read.ts).
 */
export function startHttpServer(fetch: Fetch, port: number, host: string, listening: (address: AddressInfo) => void, limits = slowClientLimits): Server {
  const listener = getRequestListener(fetch, {
    hostname: host,
    // A RequestError is the adapter refusing the request line or Host; anything else would be a
    // fault of ours that escaped the app's own error handler.
    errorHandler: (error) =>
      error instanceof RequestError
        ? answer(400, "invalid_request", "The request's Host header or URL cannot be read")
        : answer(500, "internal", "Something went wrong on our side"),
  });
  const handle = answerTogether((request, response) => {
    const refused = unreadable(request);
    return refused === null ? listener(request, response) : refuseUnread(response, refused);
  });
  const server = createServer({ requireHostHeader: false, ...limits }, handle);
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => {
    continueWhenRead(request, response);
    handle(request, response);
  });
  // Any other expectation than 100-continue: RFC 9110 lets a server ignore it (Node answers a bare
  // 417), so the request is served, and recorded, as if it had none.
  server.on("checkExpectation", handle);
  // CONNECT is no request for this server (Node drops the connection unanswered).
  server.on("connect", (_request: IncomingMessage, socket: Socket) => refuseOnSocket(socket, "CONNECT is not served here"));
  server.on("clientError", (error: NodeJS.ErrnoException, duplex) => {
    const socket = duplex as Socket;
    // As Node's own handler: an answer only on a connection that has not been answered on yet.
    if (!socket.writable || socket.bytesWritten > 0) {
      socket.destroy();
      return;
    }
    refuseOnSocket(socket, clientErrors[error.code ?? ""] ?? "The request cannot be read as HTTP");
  });
  server.listen(port, host, () => listening(server.address() as AddressInfo));
  return server;
}
