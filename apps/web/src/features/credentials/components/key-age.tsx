import { formatDateTime } from "@/lib/format.ts";
import { useNow } from "@/lib/use-now.ts";
import { keyAge } from "./key-age-text.ts";

/** "issued 94 days ago", with the exact time on hover, so an owner sees which keys are due for rotation. */
export function KeyAge({ issuedAt }: { issuedAt: string }) {
  const now = useNow();
  return <span title={`Key issued ${formatDateTime(issuedAt)}`}>{keyAge(issuedAt, now)}</span>;
}
