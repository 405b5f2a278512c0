import type { CredentialListItem } from "@gatehouse/shared";
import { formatDateTime, formatRelative } from "@/lib/format.ts";

type Used = Pick<CredentialListItem, "lastUsedAt" | "lastUsedIp">;

/** "was last used 2 hours ago (…) from 203.0.113.5": what Delete's confirmation says after the API's name. */
export const lastUse = (credential: Used) =>
  credential.lastUsedAt
    ? `was last used ${formatRelative(credential.lastUsedAt)} (${formatDateTime(credential.lastUsedAt)}) from ${credential.lastUsedIp}`
    : "has never been used";
