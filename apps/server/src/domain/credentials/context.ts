import type { Repositories } from "../../db/repositories.ts";
import type { SecretBox } from "../../lib/secret-box.ts";
import type { Actor } from "../audit.ts";

/**
 * What a credential change needs: the repositories, the time, who is acting (for the audit log)
 * and whom to tell that a credential changed (the auth cache of this process) once it committed.
 */
export type CredentialContext = {
  repos: Repositories;
  now: number;
  actor: Actor;
  changed: (credentialId: string) => void;
  /** Seals hmac signing secrets; needed only by changes that make one. */
  secrets?: SecretBox;
};
