import type { AppType } from "@gatehouse/server";
import { errorEnvelopeSchema, type ErrorEnvelope } from "@gatehouse/shared";
import { hc } from "hono/client";

/** Typed client for the admin API; its types come from the server's routes. */
export const api = hc<AppType>("/", {
  init: { credentials: "same-origin" },
  headers: { Accept: "application/json" },
});

/** An API answer that was not 2xx, carrying the server's error envelope. */
export class RequestError extends Error {
  readonly status: number;
  readonly code: ErrorEnvelope["error"]["code"] | "network";
  readonly fields: Record<string, string>;

  constructor(status: number, envelope: ErrorEnvelope["error"] | undefined) {
    super(envelope?.message ?? `The server answered ${status}`);
    this.status = status;
    this.code = envelope?.code ?? "internal";
    this.fields = envelope?.fields ?? {};
  }
}

/** A 409: the thing changed meanwhile (another tab, another admin), so the page's view of it is old. */
export const isConflict = (error: unknown) => error instanceof RequestError && error.status === 409;

/** Unwraps a client call: the JSON body on success, a RequestError otherwise. */
export async function unwrap<T>(call: Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<T> {
  let response;
  try {
    response = await call;
  } catch {
    throw new RequestError(0, { code: "internal", message: "Cannot reach Gatehouse. Check your connection.", request_id: "" });
  }
  if (response.ok) return response.status === 204 ? (undefined as T) : response.json();
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = errorEnvelopeSchema.safeParse(body);
  throw new RequestError(response.status, parsed.success ? parsed.data.error : undefined);
}
