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
  repos: deps.store.repos,
  now: deps.clock(),
  actor: actorOf(c),
  changed: deps.credentialChanged,
  secrets: deps.secrets,
});

/** The APIs screen: list, create, read, suggest allowed IPs, edit, request signing, regenerate, end a grace period, delete, bulk actions. */
export const credentialRoutes = (deps: AppDeps) =>
  new Hono<AdminEnv>()
    .get("/", requirePermission("credentials.read"), validate("query", listCredentialsQuerySchema), async (c) =>
      c.json(await listCredentials(deps.store.repos, c.req.valid("query")), 200),
    )
    .post("/", requirePermission("credentials.write"), validate("json", createCredentialSchema), async (c) =>
      c.json(await createCredential(contextOf(deps, c), c.req.valid("json")), 201),
    )
    .post("/bulk", requirePermission("credentials.write"), validate("json", bulkActionSchema), async (c) => {
      const { action, ids } = c.req.valid("json");
      if (action === "delete") assertCan(c, "credentials.delete");
      return c.json(await bulkAction(contextOf(deps, c), action, ids), 200);
    })
    .get("/:id", requirePermission("credentials.read"), validate("param", idParam), async (c) =>
      c.json(await getCredential(deps.store.repos, c.req.valid("param").id), 200),
    )
    .get("/:id/ip-suggestions", requirePermission("credentials.read"), validate("param", idParam), async (c) =>
      c.json(await ipSuggestions(deps.store.repos, c.req.valid("param").id, deps.clock()), 200),
    )
    .patch("/:id", requirePermission("credentials.write"), validate("param", idParam), validate("json", updateCredentialSchema), async (c) =>
      c.json(await updateCredential(contextOf(deps, c), c.req.valid("param").id, c.req.valid("json")), 200),
    )
    .post("/:id/regenerate", requirePermission("credentials.write"), validate("param", idParam), validate("json", regenerateKeySchema), async (c) => {
      const { grace, keyLength } = c.req.valid("json");
      return c.json(await regenerateKey(contextOf(deps, c), c.req.valid("param").id, grace, keyLength), 200);
    })
    .put("/:id/signing", requirePermission("credentials.write"), validate("param", idParam), validate("json", signingInputSchema), async (c) =>
      c.json(await setSigning(contextOf(deps, c), c.req.valid("param").id, c.req.valid("json")), 200),
    )
    .post("/:id/signing-secret", requirePermission("credentials.write"), validate("param", idParam), async (c) =>
      c.json(await regenerateSigningSecret(contextOf(deps, c), c.req.valid("param").id), 200),
    )
    .post("/:id/end-grace", requirePermission("credentials.write"), validate("param", idParam), async (c) =>
      c.json(await endGracePeriod(contextOf(deps, c), c.req.valid("param").id), 200),
    )
    .post("/:id/allowed-ips", requirePermission("credentials.write"), validate("param", idParam), validate("json", allowedIpInputSchema), async (c) => {
      const { entry, note } = c.req.valid("json");
      return c.json(await allowAddress(contextOf(deps, c), c.req.valid("param").id, entry, note), 200);
    })
    .delete("/:id", requirePermission("credentials.delete"), validate("param", idParam), async (c) => {
      await deleteCredential(contextOf(deps, c), c.req.valid("param").id);
      return c.body(null, 204);
    });
