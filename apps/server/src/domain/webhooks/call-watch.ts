import { deniedOutcomes, servedOutcomes } from "@gatehouse/shared";
import type { Repositories } from "../../db/repositories.ts";
import type { Clock } from "../../lib/clock.ts";
import type { CallRecord, FlushWatcher, HourlyCount } from "../history/recorder.ts";
import { toIso } from "../../lib/time.ts";
import { anyEndpointWants, raiseEvent } from "./events.ts";

export type CallWatch = {
  /** Given to the history recorder: called after each flush has committed. */
  watch: FlushWatcher;
  /** Resolves once every flush watched so far has been looked at. */
  settled(): Promise<void>;
};

/**
 * Watches each history flush for `credential.new_address` and `calls.denied_spike`. A known
 * address costs nothing here: only a call that opened a new history row is looked at (one per
 * key, call, address and outcome a minute), with one insert-if-new into the key's addresses.
 *
 * It runs after the flush, in transactions of its own, one flush after the other: the flush
 * never waits for it, and on PostgreSQL the denied counts it reads include what other instances
 * flushed. Instances watching the same key at once raise each event once: the address and the
 * spike are unique rows written in the event's transaction. A process killed between a flush and
 * its watch misses that flush's events (the calls themselves are in the history).
 */
export function watchCalls(repos: Repositories, clock: Clock, options: { onError: (error: unknown) => void; onRaised: () => void }): CallWatch {
  let queue: Promise<void> = Promise.resolve();

  async function newAddresses(firstCalls: CallRecord[]): Promise<number> {
    // An address is "used" once a call from it was served; refused ones say nothing about the integration.
    const served = firstCalls.filter((call) => call.credentialId && servedOutcomes.includes(call.outcome));
    if (served.length === 0) return 0;
    return repos.transaction(async (tx) => {
      let raised = 0;
      for (const call of served) {
        const credentialId = call.credentialId ?? "";
        if (!(await tx.webhooks.rememberAddress(credentialId, call.ip, call.at))) continue;
        const data = { credential_id: credentialId, username: await tx.webhooks.usernameOf(credentialId), ip: call.ip, call: call.call, at: toIso(call.at) };
        if ((await raiseEvent(tx, call.at, "credential.new_address", data)) !== null) raised += 1;
      }
      return raised;
    });
  }

  async function deniedSpikes(hours: HourlyCount[]): Promise<number> {
    const denied = new Map<string, { hour: number; credentialId: string }>();
    for (const bucket of hours)
      if (bucket.credentialId !== "" && bucket.credentialId !== "*" && deniedOutcomes.includes(bucket.outcome as never))
        denied.set(`${bucket.hour}\u0000${bucket.credentialId}`, bucket);
    if (denied.size === 0 || !(await anyEndpointWants(repos, "calls.denied_spike"))) return 0;
    const endpoints = await repos.webhooks.spikeEndpoints();
    let raised = 0;
    for (const { hour, credentialId } of denied.values()) {
      const calls = await repos.webhooks.deniedCalls(hour, credentialId);
      for (const endpoint of endpoints) {
        const threshold = endpoint.threshold ?? Number.POSITIVE_INFINITY;
        if (calls < threshold) continue;
        const now = clock();
        const spiked = await repos.transaction(async (tx) => {
          if (!(await tx.webhooks.markOnce(credentialId, `denied:${hour}:${endpoint.id}`, now))) return false;
          const data = { credential_id: credentialId, username: await tx.webhooks.usernameOf(credentialId), hour: toIso(hour), denied_calls: calls, threshold };
          await raiseEvent(tx, now, "calls.denied_spike", data, endpoint.id);
          return true;
        });
        if (spiked) raised += 1;
      }
    }
    return raised;
  }

  return {
    watch: (firstCalls, hours) => {
      queue = queue
        .then(async () => {
          const raised = (await newAddresses(firstCalls)) + (await deniedSpikes(hours));
          if (raised > 0) options.onRaised();
        })
        .catch(options.onError);
    },
    settled: () => queue,
  };
}
