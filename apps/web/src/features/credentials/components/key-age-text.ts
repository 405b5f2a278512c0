const DAY_MS = 86_400_000;

/** In days, not "3 months ago": rotation policies ("every 90 days") count days. */
export function keyAge(issuedAt: string, now: number): string {
  const days = Math.floor((now - Date.parse(issuedAt)) / DAY_MS);
  if (days <= 0) return "issued today";
  if (days === 1) return "issued yesterday";
  return `issued ${days.toLocaleString("en")} days ago`;
}
