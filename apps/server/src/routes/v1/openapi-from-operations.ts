import {
  errorCodes,
  errorEnvelopeSchema,
  loginResponseSchema,
  loginSchema,
  type Operation,
  operations,
  orderSchema,
  pageSchema,
  productSchema,
  sessionResponseSchema,
  updateOrderSchema,
  updateProductSchema,
} from "@gatehouse/shared";
import { z } from "zod";
import { version } from "../health.ts";

const schema = (type: z.ZodType, io: "input" | "output" = "output") => z.toJSONSchema(type, { target: "draft-2020-12", io, unrepresentable: "any" });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });
const error = (description: string) => ({ description, content: json("Error") });

const authErrors = {
  "400": error("invalid_request: a field is wrong (see error.fields), or a credential was put in the URL"),
  "401": error("unauthorized or invalid_token"),
  "403": error("ip_not_allowed (the message names the address the server saw) or insufficient_scope"),
  "413": error("payload_too_large: the body is over 64 KB"),
  "415": error("unsupported_media_type: the body is not JSON"),
  "429": { description: "rate_limited; see Retry-After and RateLimit-*", content: json("Error") },
};

// As the server reads them: `limit` is described as the integer it becomes, not as the digits it arrives as.
const queryParameters = (type: z.ZodObject) =>
  Object.entries((schema(type, "output").properties ?? {}) as Record<string, object>).map(([name, property]) => ({
    name,
    in: "query",
    required: false,
    schema: property,
  }));

const pathParameter = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });

const loginAnswers = {
  "200": { description: "A token, when it expires, and the key's permissions", content: json("LoginResponse") },
  "400": error("invalid_request"),
  "401": error('unauthorized: unknown username, wrong key, disabled or expired key — always the message "Unauthorized"'),
  "403": error("ip_not_allowed"),
  "413": error("payload_too_large: the body is over 64 KB"),
  "415": error("unsupported_media_type"),
  "429": error("rate_limited: too many failures from this address, or the key's own limit"),
};

function describe(call: string, operation: Operation) {
  const parameters = [
    ...Object.entries(operation.params ?? {}).map(([name, description]) => pathParameter(name, description)),
    ...(operation.query ? queryParameters(operation.query) : []),
  ];
  const body = operation.body ? ref(operation.body) : null;
  return {
    summary: operation.summary,
    operationId: call,
    "x-history-call": call,
    ...(operation.scope ? { "x-required-scope": operation.scope } : {}),
    security: operation.login ? [] : [{ bearer: [] }, { basic: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: body }, ...(operation.login ? { "application/x-www-form-urlencoded": { schema: body } } : {}) },
          },
        }
      : {}),
    responses: operation.login
      ? loginAnswers
      : {
          ...(operation.response ? { "200": { description: "OK", content: json(operation.response) } } : { "204": { description: "Done" } }),
          ...authErrors,
          "404": error("not_found"),
        },
  };
}

/** Every operation of the table, grouped by path as OpenAPI wants them. */
function paths() {
  const byPath: Record<string, Record<string, ReturnType<typeof describe>>> = {};
  for (const [call, operation] of Object.entries(operations) as [string, Operation][]) {
    byPath[operation.path] = { ...byPath[operation.path], [operation.method]: describe(call, operation) };
  }
  return byPath;
}

/**
 * The OpenAPI 3.1 description of /api/v1, generated from the operations table (the same one each
 * route's guard reads its scope from) and the zod schemas the server validates with.
 */
export function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse integration API",
      version,
      description:
        "Log in with an API username and key to get a session token bound to your address, or send Basic credentials on every call. Every error has the shape of the Error schema. Credentials are never accepted in the URL.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "The token from POST /login; it only works from the address that logged in." },
        basic: { type: "http", scheme: "basic", description: "base64(username:key) on every call." },
      },
      schemas: {
        Error: { ...schema(errorEnvelopeSchema), description: `error.code is one of ${errorCodes.join(", ")}` },
        LoginRequest: schema(loginSchema, "input"),
        LoginResponse: schema(loginResponseSchema),
        Session: schema(sessionResponseSchema),
        Product: schema(productSchema),
        ProductPage: schema(pageSchema(productSchema)),
        ProductUpdate: schema(updateProductSchema, "input"),
        Order: schema(orderSchema),
        OrderPage: schema(pageSchema(orderSchema)),
        OrderUpdate: schema(updateOrderSchema, "input"),
      },
    },
    paths: paths(),
  };
}
