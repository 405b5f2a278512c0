import { daysSince, NEVER_USED_AFTER_DAYS } from "@/lib/expiry.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useNow } from "@/lib/use-now.ts";

/**
 * The Last used cell of a key with no call yet. Fresh keys are "Not used yet", quietly; one added
 * 30+ days ago and never used is flagged: either the integration was never set up, or nobody
 * needs the key and it is one more secret to leak.
 */
export function NeverUsed({ createdAt }: { createdAt: string }) {
  const now = useNow();
  const age = daysSince(createdAt, now);
  if (age < NEVER_USED_AFTER_DAYS) return <span className="badge">Not used yet</span>;
  return (
    <>
      <span className="badge warn" title={`Added ${formatDateTime(createdAt)}`}>
        Never used
      </span>
      <small>added {age} days ago</small>
    </>
  );
}
