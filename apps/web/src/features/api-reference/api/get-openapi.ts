import { queryOptions, useQuery } from "@tanstack/react-query";
import { RequestError } from "@/lib/api-client.ts";
import { queryRoots } from "@/lib/query-keys.ts";

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  description?: string;
  anyOf?: JsonSchema[];
  $ref?: string;
  additionalProperties?: boolean | JsonSchema;
};

export type Operation = {
  summary: string;
  operationId: string;
  "x-required-scope"?: string;
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export type OpenApiDocument = {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};

/** The integration API's own OpenAPI document: the reference page is generated from it. */
export const openApiQuery = queryOptions({
  queryKey: queryRoots.openApi,
  staleTime: Number.POSITIVE_INFINITY,
  queryFn: async () => {
    const response = await fetch("/api/v1/openapi.json");
    if (!response.ok) throw new RequestError(response.status, undefined);
    return (await response.json()) as OpenApiDocument;
  },
});

export const useOpenApi = () => useQuery(openApiQuery);
