-- Every change that the auth path caches (see schema/auth-changes.ts) leaves a row naming the
-- credential, in the transaction that makes it. Last use (last_used_at, last_used_ip) and the
-- sliding token expiry are not among them: the history flush writes those every second.
CREATE FUNCTION "gatehouse_credential_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "auth_changes" ("credential_id") VALUES (COALESCE(NEW."id", OLD."id"));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "credentials_auth_changed"
  AFTER INSERT OR DELETE OR UPDATE OF "username", "status", "key_hash", "previous_key_hash", "previous_key_expires_at", "scopes",
    "expires_at", "rate_limit", "ip_enforcement", "signing_mode", "signing_alg", "signing_public_key", "signing_secret", "deleted_at"
  ON "credentials" FOR EACH ROW EXECUTE FUNCTION "gatehouse_credential_changed"();
--> statement-breakpoint
CREATE FUNCTION "gatehouse_rows_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "auth_changes" ("credential_id") SELECT DISTINCT "credential_id" FROM "changed_rows";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "allowed_ips_added" AFTER INSERT ON "allowed_ips" REFERENCING NEW TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_rows_changed"();
--> statement-breakpoint
CREATE TRIGGER "allowed_ips_removed" AFTER DELETE ON "allowed_ips" REFERENCING OLD TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_rows_changed"();
--> statement-breakpoint
CREATE TRIGGER "allowed_ips_changed" AFTER UPDATE ON "allowed_ips" REFERENCING NEW TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_rows_changed"();
--> statement-breakpoint
CREATE TRIGGER "api_tokens_ended" AFTER DELETE ON "api_tokens" REFERENCING OLD TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_rows_changed"();
