import type { Context, Env, Next } from "hono";
import { bodyLimit as streamingBodyLimit } from "hono/body-limit";
import { ApiError } from "../lib/api-error.ts";

/**
 * Refuses bodies over `maxBytes` with 413, and compressed ones (Content-Encoding) with 415. A declared Content-Length is checked from the header
 * alone (Node's parser guarantees the body is no longer); only chunked bodies are counted as
 * they stream. Bodiless methods pass untouched — looking at the body would make the Node
 * adapter build a full Request for every GET. Generic over the request's variables, so any
 * middleware may hand its context on to it.
 */
export function limitBody(maxBytes: number, message: string) {
  const tooLarge = () => {
    throw new ApiError("payload_too_large", message);
  };
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  // Not async: a GET passes on whatever next() returns, so a synchronous chain stays synchronous.
  return <E extends Env>(c: Context<E>, next: Next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    // A compressed body would be parsed as if it were not: refused before it is read.
    const encoding = c.req.header("content-encoding");
    if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") {
      throw new ApiError("unsupported_media_type", "Send the body uncompressed: Content-Encoding is not accepted");
    }
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number(length) > maxBytes) tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}
