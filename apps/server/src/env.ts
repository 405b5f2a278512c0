import type { ApiCall, ApiOutcome } from "@gatehouse/shared";
import type { HttpBindings } from "@hono/node-server";
import type { ReplyHeaders } from "./middleware/reply.ts";

/** What every request has; middleware that adds more says so in its own type (AdminEnv, CallerEnv). */
export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    clientIp: string;
    /** Whether the browser reached us over HTTPS (directly or through a trusted proxy). */
    secure: boolean;
    /** Headers the response gets however it ends (request id, security, no-store, rate limits, cookies). */
    replyHeaders: ReplyHeaders;
    /**
     * The answer made by `reply*`, whose headers are complete. Kept here rather than in a WeakSet
     * of responses: adding to one on every request cost a tenth of replyJson and GC work.
     */
    replied?: Response;
    /** Set when a loopback or private peer that is not a trusted proxy sends X-Forwarded-For. */
    untrustedProxy?: true;
  };
};

/** An integration API request: which call it is and who it claimed to be, noted for history as it goes. */
export type IntegrationEnv = AppEnv & {
  Variables: {
    call?: ApiCall;
    credentialId?: string;
    attemptedUsername?: string;
    outcome?: ApiOutcome;
  };
};
