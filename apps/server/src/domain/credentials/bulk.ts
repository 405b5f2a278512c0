import { WRITE } from "../../db/client.ts";
import { and, inArray, isNull } from "drizzle-orm";
import { credentials } from "../../db/schema/index.ts";
import type { CredentialContext } from "./context.ts";
import { deleteCredential, setCredentialStatus } from "./write.ts";

/** Applies one action to many credentials in one transaction; unknown ids are skipped. */
export function bulkAction(ctx: CredentialContext, action: "enable" | "disable" | "delete", ids: string[]): { affected: number } {
  return ctx.db.transaction(() => {
    const live = ctx.db
      .select({ id: credentials.id, status: credentials.status })
      .from(credentials)
      .where(and(inArray(credentials.id, ids), isNull(credentials.deletedAt)))
      .all();
    let affected = 0;
    for (const credential of live) {
      if (action === "delete") deleteCredential(ctx, credential.id);
      else if (credential.status !== `${action}d`) setCredentialStatus(ctx, credential.id, `${action}d`);
      else continue;
      affected += 1;
    }
    return { affected };
  }, WRITE);
}
