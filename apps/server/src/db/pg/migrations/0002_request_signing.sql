CREATE TABLE "signature_nonces" (
	"credential_id" text NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "signature_nonces_credential_id_nonce_pk" PRIMARY KEY("credential_id","nonce")
);
--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "signing_mode" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "signing_alg" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "signing_public_key" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "signing_secret" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "signing_secret_prefix" text;