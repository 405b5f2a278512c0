import { KEY_DEFAULT_LENGTH, KEY_DISPLAY_LENGTH, KEY_PREFIX, KEY_CHECKSUM_LENGTH, keyChecksum } from "@gatehouse/shared";
import { sha256 } from "../../lib/hash.ts";
import { randomBase62 } from "../../lib/random.ts";

export type NewKey = { key: string; hash: string; prefix: string };

/** A fresh key from the CSPRNG in the shared format; only its hash and prefix are ever stored. */
export function generateKey(length = KEY_DEFAULT_LENGTH): NewKey {
  const body = randomBase62(length - KEY_PREFIX.length - KEY_CHECKSUM_LENGTH);
  const key = `${KEY_PREFIX}${body}${keyChecksum(body)}`;
  return { key, hash: sha256(key), prefix: key.slice(0, KEY_DISPLAY_LENGTH) };
}
