import { errorStatus, type ApiOutcome, type ErrorCode, type ErrorEnvelope } from "@gatehouse/shared";

/** The one error type handlers throw; `onError` turns it into the JSON envelope. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  /** Extra response headers, names in lower case (`retry-after`). */
  readonly headers: Record<string, string>;
  /** How the integration API's history should record this refusal, when the code alone does not say. */
  readonly outcome: ApiOutcome | undefined;
  /**
   * For a refusal because failures from the caller's address were spent: the address they are
   * counted in (an IPv4 address, an IPv6 /64). History records the call under it, with no tried
   * username, so a flood of new usernames or of addresses from one /64 folds into one row.
   */
  readonly throttledAddress: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: Record<string, string>; headers?: Record<string, string>; outcome?: ApiOutcome; throttledAddress?: string } = {},
  ) {
    super(message);
    this.code = code;
    this.fields = options.fields;
    this.headers = options.headers ?? {};
    this.outcome = options.outcome;
    this.throttledAddress = options.throttledAddress;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  envelope(requestId: string): ErrorEnvelope {
    return {
      error: {
        code: this.code,
        message: this.message,
        request_id: requestId,
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} was not found`);
export const invalid = (fields: Record<string, string>, message = "The request is not valid") => new ApiError("invalid_request", message, { fields });
