import { createHmac } from "node:crypto";

/** `Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, Stripe's scheme. */
export const signatureHeader = (secret: string, unixSeconds: number, body: string) =>
  `t=${unixSeconds},v1=${createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex")}`;
