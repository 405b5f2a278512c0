import { formatDateTime } from "@/lib/format.ts";
import { expiresSoon, timeLeft } from "@/lib/expiry.ts";
import { useHasPassed, useNow } from "@/lib/use-now.ts";

/** "Expires in N days" while the expiry is within 14 days: time to regenerate or extend. */
export function ExpiryBadge({ expiresAt }: { expiresAt: string | null }) {
  const now = useNow();
  // Gone the moment the key expires, with the Expired badge, not at the clock's next tick.
  const passed = useHasPassed(expiresAt);
  if (!expiresAt || passed || !expiresSoon(expiresAt, now)) return null;
  return (
    <span className="badge warn" title={`Expires ${formatDateTime(expiresAt)}`}>
      Expires in {timeLeft(expiresAt, now)}
    </span>
  );
}
