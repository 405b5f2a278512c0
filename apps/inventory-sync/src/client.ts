import { signRequest } from "./sign.ts";

/**
 * A small Gatehouse API client with plain fetch, handling errors the way the user guide asks:
 * authentication failures, refused addresses and permissions, rate limits and network trouble
 * each get a clear message, and 429 / network errors are retried with backoff.
 */
export type ClientOptions = {
  baseUrl: string;
  username: string;
  key: string;
  /** How many times to retry a 429 or a network error before giving up. */
  retries?: number;
  /** Waits between retries; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /**
   * Signs every call (RFC 9421, gatehouse-v1) when the key's Request signing is on: an Ed25519
   * private key (PEM) or the hmac-sha256 signing secret (`gs_…`).
   */
  signing?: { privateKeyPem: string } | { secret: string };
};

export class IntegrationError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
  }
}

type ErrorBody = { error?: { code?: string; message?: string; request_id?: string } };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class GatehouseClient {
  private token: string | null = null;
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ClientOptions) {
    this.retries = options.retries ?? 4;
    this.sleep = options.sleep ?? defaultSleep;
    this.log = options.log ?? (() => {});
  }

  async login(): Promise<void> {
    const body = await this.send<{ token: string }>("POST", "/login", { username: this.options.username, key: this.options.key }, false);
    this.token = body.token;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!this.token) await this.login();
    try {
      return await this.send<T>(method, path, body, true);
    } catch (error) {
      // A token ends when it idles out or an admin changes the key: log in again once.
      if (error instanceof IntegrationError && error.code === "invalid_token") {
        this.log("Session ended; logging in again.");
        await this.login();
        return this.send<T>(method, path, body, true);
      }
      throw error;
    }
  }

  private async send<T>(method: string, path: string, body: unknown, authenticated: boolean): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      const url = `${this.options.baseUrl}/api/v1${path}`;
      const text = body === undefined ? null : JSON.stringify(body);
      // Signed afresh on every attempt: each request needs its own nonce and a current time.
      const { signing } = this.options;
      const signature = signing ? signRequest({ keyid: this.options.username, ...signing }, method, url, text) : {};
      try {
        response = await fetch(url, {
          method,
          headers: {
            Accept: "application/json",
            ...(text === null ? {} : { "Content-Type": "application/json" }),
            ...(authenticated && this.token ? { Authorization: `Bearer ${this.token}` } : {}),
            ...signature,
          },
          ...(text === null ? {} : { body: text }),
        });
      } catch (cause) {
        if (attempt >= this.retries) {
          throw new IntegrationError(
            `Cannot reach Gatehouse at ${this.options.baseUrl} (${describe(cause)}). Check the URL, DNS, firewalls and proxies.`,
            null,
            "network",
          );
        }
        const wait = Math.min(30_000, 500 * 2 ** attempt);
        this.log(`Network error (${describe(cause)}); retrying in ${wait} ms.`);
        await this.sleep(wait);
        continue;
      }
      if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
      const error = ((await response.json().catch(() => ({}))) as ErrorBody).error ?? {};
      if (response.status === 429 && attempt < this.retries) {
        const wait = Math.max(1, Number(response.headers.get("retry-after") ?? 1)) * 1000;
        this.log(`Rate limited; waiting ${wait / 1000} s as Retry-After asks.`);
        await this.sleep(wait);
        continue;
      }
      throw explain(response.status, error);
    }
  }
}

function explain(status: number, error: NonNullable<ErrorBody["error"]>): IntegrationError {
  const code = error.code ?? "unknown";
  const reference = error.request_id ? ` (request ${error.request_id})` : "";
  const messages: Record<string, string> = {
    unauthorized: "Gatehouse refused the API username or key. Check both (the key is case-sensitive), that the key is Enabled and not expired.",
    ip_not_allowed: `${error.message ?? "This address is not allowed."} Ask an admin to add it to the key's allowed IPs.`,
    insufficient_scope: error.message ?? "The key lacks a permission this sync needs.",
    rate_limited: "Still rate limited after several retries; run the sync less often or ask for a higher limit.",
    invalid_signature: `Gatehouse refused the request signature: ${error.message ?? "no details"}. Check GATEHOUSE_SIGNING_KEY_FILE or GATEHOUSE_SIGNING_SECRET against the key's Request signing, and this machine's clock.`,
  };
  return new IntegrationError(`${messages[code] ?? `Gatehouse answered ${status} ${code}: ${error.message ?? "no details"}`}${reference}`, status, code);
}

function describe(cause: unknown): string {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  return inner instanceof Error ? inner.message : String(inner);
}
