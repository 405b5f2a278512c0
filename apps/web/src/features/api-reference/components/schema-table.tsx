import type { JsonSchema } from "../api/get-openapi.ts";

/** Follows a "#/components/schemas/X" reference. */
export const resolve = (schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema =>
  schema.$ref ? (schemas[schema.$ref.split("/").at(-1) ?? ""] ?? schema) : schema;

function typeOf(schema: JsonSchema, schemas: Record<string, JsonSchema>): string {
  const resolved = resolve(schema, schemas);
  if (resolved.anyOf) return resolved.anyOf.map((option) => typeOf(option, schemas)).join(" or ");
  if (resolved.enum) return resolved.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (resolved.type === "array" && resolved.items) return `array of ${typeOf(resolved.items, schemas)}`;
  if (schema.$ref) return schema.$ref.split("/").at(-1) ?? "object";
  return Array.isArray(resolved.type) ? resolved.type.join(" or ") : (resolved.type ?? "any");
}

const characters = (count: number) => (count === 1 ? "1 character" : `${count} characters`);

function rules(schema: JsonSchema): string {
  const parts: string[] = [];
  // zod marks every integer with the safe-integer range; that says nothing to a reader.
  if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined && schema.minLength === schema.maxLength) parts.push(`exactly ${characters(schema.minLength)}`);
  else {
    if (schema.minLength !== undefined) parts.push(`at least ${characters(schema.minLength)}`);
    if (schema.maxLength !== undefined) parts.push(`at most ${characters(schema.maxLength)}`);
  }
  if (schema.pattern) parts.push(`matches ${schema.pattern}`);
  if (schema.format) parts.push(schema.format);
  if (schema.description) parts.push(schema.description);
  return parts.join("; ");
}

/** The fields of an object schema as a table: name, type, required, rules. */
export function SchemaTable({ schema, schemas }: { schema: JsonSchema; schemas: Record<string, JsonSchema> }) {
  const resolved = resolve(schema, schemas);
  const properties = Object.entries(resolved.properties ?? {});
  if (properties.length === 0) return <code>{typeOf(schema, schemas)}</code>;
  return (
    <table className="table schema-table">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Rules</th>
        </tr>
      </thead>
      <tbody>
        {properties.map(([name, property]) => (
          <tr key={name}>
            <td>
              <code>{name}</code>
            </td>
            <td>
              <code>{typeOf(property, schemas)}</code>
            </td>
            <td>{resolved.required?.includes(name) ? "yes" : "no"}</td>
            <td className="hint">{rules(resolve(property, schemas))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
