import {
  allowedIpInputSchema,
  bulkActionSchema,
  createCredentialSchema,
  listCredentialsQuerySchema,
  regenerateKeySchema,
  signingInputSchema,
  updateCredentialSchema,
} from "@gatehouse/shared";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { bulkAction } from "../../domain/credentials/bulk.ts";
import type { CredentialContext } from "../../domain/credentials/context.ts";
import { listCredentials } from "../../domain/credentials/list.ts";
import { ipSuggestions } from "../../domain/credentials/ip-suggestions.ts";
import { endGracePeriod, regenerateKey } from "../../domain/credentials/regenerate.ts";
import { getCredential } from "../../domain/credentials/views.ts";
import { allowAddress, createCredential, deleteCredential, regenerateSigningSecret, setSigning, updateCredential } from "../../domain/credentials/write.ts";
import type { AppDeps } from "../../deps.ts";
import { validate } from "../../lib/validate.ts";
import { actorOf, type AdminEnv, assertCan, requirePermission } from "../../middleware/admin-auth.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });

const contextOf = (deps: AppDeps, c: Context<AdminEnv>): CredentialContext => ({
  db: deps.store.db,
  now: deps.clock(),
  actor: actorOf(c),
  changed: deps.credentialChanged,
  secrets: deps.secrets,
});

/** The APIs screen: list, create, read, suggest allowed IPs, edit, request signing, regenerate, end a grace period, delete, bulk actions. */
export const credentialRoutes = (deps: AppDeps) =>
  new Hono<AdminEnv>()
    .get("/", requirePermission("credentials.read"), validate("query", listCredentialsQuerySchema), (c) =>
      c.json(listCredentials(deps.store.db, c.req.valid("query")), 200),
    )
    .post("/", requirePermission("credentials.write"), validate("json", createCredentialSchema), (c) =>
      c.json(createCredential(contextOf(deps, c), c.req.valid("json")), 201),
    )
    .post("/bulk", requirePermission("credentials.write"), validate("json", bulkActionSchema), (c) => {
      const { action, ids } = c.req.valid("json");
      if (action === "delete") assertCan(c, "credentials.delete");
      return c.json(bulkAction(contextOf(deps, c), action, ids), 200);
    })
    .get("/:id", requirePermission("credentials.read"), validate("param", idParam), (c) => c.json(getCredential(deps.store.db, c.req.valid("param").id), 200))
    .get("/:id/ip-suggestions", requirePermission("credentials.read"), validate("param", idParam), (c) =>
      c.json(ipSuggestions(deps.store.db, deps.store.sqlite, c.req.valid("param").id, deps.clock()), 200),
    )
    .patch("/:id", requirePermission("credentials.write"), validate("param", idParam), validate("json", updateCredentialSchema), (c) =>
      c.json(updateCredential(contextOf(deps, c), c.req.valid("param").id, c.req.valid("json")), 200),
    )
    .post("/:id/regenerate", requirePermission("credentials.write"), validate("param", idParam), validate("json", regenerateKeySchema), (c) => {
      const { grace, keyLength } = c.req.valid("json");
      return c.json(regenerateKey(contextOf(deps, c), c.req.valid("param").id, grace, keyLength), 200);
    })
    .put("/:id/signing", requirePermission("credentials.write"), validate("param", idParam), validate("json", signingInputSchema), (c) =>
      c.json(setSigning(contextOf(deps, c), c.req.valid("param").id, c.req.valid("json")), 200),
    )
    .post("/:id/signing-secret", requirePermission("credentials.write"), validate("param", idParam), (c) =>
      c.json(regenerateSigningSecret(contextOf(deps, c), c.req.valid("param").id), 200),
    )
    .post("/:id/end-grace", requirePermission("credentials.write"), validate("param", idParam), (c) =>
      c.json(endGracePeriod(contextOf(deps, c), c.req.valid("param").id), 200),
    )
    .post("/:id/allowed-ips", requirePermission("credentials.write"), validate("param", idParam), validate("json", allowedIpInputSchema), (c) => {
      const { entry, note } = c.req.valid("json");
      return c.json(allowAddress(contextOf(deps, c), c.req.valid("param").id, entry, note), 200);
    })
    .delete("/:id", requirePermission("credentials.delete"), validate("param", idParam), (c) => {
      deleteCredential(contextOf(deps, c), c.req.valid("param").id);
      return c.body(null, 204);
    });
