import { deniedOutcomes, servedOutcomes } from "@gatehouse/shared";
import { eq, sql } from "drizzle-orm";
import type { Db, Store } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { credentials, webhookEndpoints } from "../../db/schema/index.ts";
import type { FlushWatcher } from "../history/recorder.ts";
import { toIso } from "../../lib/time.ts";
import { anyEndpointWantsSync, raiseEventSync } from "./events.ts";

const usernameOf = (db: Db, id: string) =>
  db.select({ username: credentials.username }).from(credentials).where(eq(credentials.id, id)).get()?.username ?? null;

/**
 * Watches each history flush for `credential.new_address` and `calls.denied_spike`. A known
 * address costs nothing here: only a call that opened a new history row is looked at (one per
 * key, call, address and outcome a minute), with one INSERT OR IGNORE into the key's addresses.
 */
export function watchCalls({ db, sqlite }: Store, clock: Clock): FlushWatcher {
  const remember = sqlite.prepare(`insert or ignore into credential_addresses (credential_id, ip, first_seen_at) values (?, ?, ?)`);
  const deniedSoFar = sqlite.prepare<[number, string], { calls: number | null }>(
    `select sum(calls) as calls from api_history_hourly where hour = ? and credential_id = ? and outcome in (${deniedOutcomes.map((o) => `'${o}'`).join(", ")})`,
  );
  const markOnce = sqlite.prepare(`insert or ignore into webhook_once (credential_id, mark, created_at) values (?, ?, ?)`);
  return (firstCalls, hours) => {
    for (const call of firstCalls) {
      if (!call.credentialId || !servedOutcomes.includes(call.outcome)) continue;
      // An address is "used" once a call from it was served; refused ones say nothing about the integration.
      if (remember.run(call.credentialId, call.ip, call.at).changes === 0) continue;
      raiseEventSync(db, call.at, "credential.new_address", {
        credential_id: call.credentialId,
        username: usernameOf(db, call.credentialId),
        ip: call.ip,
        call: call.call,
        at: toIso(call.at),
      });
    }
    const denied = new Map<string, { hour: number; credentialId: string }>();
    for (const bucket of hours)
      if (bucket.credentialId !== "" && bucket.credentialId !== "*" && deniedOutcomes.includes(bucket.outcome as never))
        denied.set(`${bucket.hour}\u0000${bucket.credentialId}`, bucket);
    if (denied.size === 0 || !anyEndpointWantsSync(db, "calls.denied_spike")) return;
    const endpoints = db
      .select({ id: webhookEndpoints.id, threshold: webhookEndpoints.deniedThreshold })
      .from(webhookEndpoints)
      .where(sql`exists (select 1 from json_each(${webhookEndpoints.events}) where value = 'calls.denied_spike')`)
      .all();
    for (const { hour, credentialId } of denied.values()) {
      const calls = deniedSoFar.get(hour, credentialId)?.calls ?? 0;
      for (const endpoint of endpoints) {
        const threshold = endpoint.threshold ?? Number.POSITIVE_INFINITY;
        if (calls < threshold || markOnce.run(credentialId, `denied:${hour}:${endpoint.id}`, clock()).changes === 0) continue;
        const data = { credential_id: credentialId, username: usernameOf(db, credentialId), hour: toIso(hour), denied_calls: calls, threshold };
        raiseEventSync(db, clock(), "calls.denied_spike", data, endpoint.id);
      }
    }
  };
}
