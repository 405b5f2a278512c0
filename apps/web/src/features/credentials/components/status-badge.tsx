import type { CredentialStatus } from "@gatehouse/shared";
import { useHasPassed } from "@/lib/use-now.ts";

/** Enabled/Disabled, and Expired from the moment the date passes (it then fails like a disabled key). */
export function StatusBadge({ status, expiresAt }: { status: CredentialStatus; expiresAt: string | null }) {
  if (useHasPassed(expiresAt)) return <span className="badge danger">Expired</span>;
  return status === "enabled" ? <span className="badge ok">Enabled</span> : <span className="badge">Disabled</span>;
}
