import { randomBase62 } from "./random.ts";

/** Prefixed random ids, e.g. `cred_3kT9…`: the prefix says what it is in logs and URLs. */
export const newId = (prefix: "cred" | "usr" | "whk" | "evt") => `${prefix}_${randomBase62(16)}`;
