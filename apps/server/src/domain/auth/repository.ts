/** Decides whether an issued token still stands, from where it was issued and with which key. */
export type KeepToken = (token: { ip: string; keyHash: string }) => boolean;

/** Integration tokens as the database keeps them. */
export type TokenRepository = {
  /** Deletes a credential's tokens, or only those `keep` rejects. */
  deleteOfCredential(credentialId: string, keep?: KeepToken): Promise<void>;
};
