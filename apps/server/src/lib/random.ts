import { randomBytes } from "node:crypto";
import { BASE62 } from "@gatehouse/shared";

// Random bytes are drawn from the CSPRNG 8 KB at a time and each byte is handed out once:
// one call into the kernel for 256 tokens instead of one per login.
const POOL_BYTES = 8192;
let pool = Buffer.alloc(0);
let offset = 0;

/** `size` fresh bytes from the CSPRNG (a view into the pool: copy it before keeping it). */
function poolBytes(size: number): Buffer {
  if (offset + size > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, size));
    offset = 0;
  }
  offset += size;
  return pool.subarray(offset - size, offset);
}

/** `length` characters of base62 from the CSPRNG, without modulo bias (bytes of 248 and above are skipped). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of poolBytes(length - out.length + 8)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** 256-bit random token, URL-safe (admin sessions). */
export const randomToken = () => poolBytes(32).toString("base64url");
