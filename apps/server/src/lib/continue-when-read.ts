import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A client that sends `Expect: 100-continue` waits for "100 Continue" before it sends its body.
 * Node sends it as soon as the headers are in, so a 10 MB upload to a route that takes 64 KB was
 * invited and only then refused. Here it is sent when the app first reads the body: an answer
 * given without reading it (413 from the Content-Length, 401, 415) goes out instead, and the
 * connection closes after it, since the body it announced was never sent.
 */
export function continueWhenRead(request: IncomingMessage, response: ServerResponse) {
  const keepAlive = response.shouldKeepAlive;
  response.shouldKeepAlive = false;
  const onListener = (event: string | symbol) => {
    if (event !== "data" && event !== "readable") return;
    request.off("newListener", onListener);
    // The adapter drains an unread body after the answer; the client is not invited then.
    if (response.headersSent) return;
    response.shouldKeepAlive = keepAlive;
    response.writeContinue();
  };
  request.on("newListener", onListener);
}
