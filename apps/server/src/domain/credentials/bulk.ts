import type { CredentialContext } from "./context.ts";
import { deleteIn, setStatusIn } from "./write.ts";

/** Applies one action to many credentials in one transaction; unknown ids are skipped. */
export async function bulkAction(ctx: CredentialContext, action: "enable" | "disable" | "delete", ids: string[]): Promise<{ affected: number }> {
  const changed = await ctx.repos.transaction(async (tx) => {
    const done: string[] = [];
    for (const credential of await tx.credentials.liveAmong(ids)) {
      if (action === "delete") await deleteIn(tx, ctx, credential.id);
      else if (credential.status !== `${action}d`) await setStatusIn(tx, ctx, credential.id, `${action}d`);
      else continue;
      done.push(credential.id);
    }
    return done;
  });
  for (const id of changed) ctx.changed(id);
  return { affected: changed.length };
}
