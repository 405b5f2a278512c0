import type { CredentialStatus } from "@gatehouse/shared";
import { hasExpired } from "@/lib/expiry.ts";
import { useNow } from "@/lib/use-now.ts";

/** Enabled/Disabled, and Expired when the date has passed (it then fails like a disabled key). */
export function StatusBadge({ status, expiresAt }: { status: CredentialStatus; expiresAt: string | null }) {
  const now = useNow();
  if (hasExpired(expiresAt, now)) return <span className="badge danger">Expired</span>;
  return status === "enabled" ? <span className="badge ok">Enabled</span> : <span className="badge">Disabled</span>;
}
