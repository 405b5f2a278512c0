CREATE TABLE `signature_nonces` (
	`credential_id` text NOT NULL,
	`nonce` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`credential_id`, `nonce`)
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `credentials` ADD `signing_mode` text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE `credentials` ADD `signing_alg` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `signing_public_key` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `signing_secret` text;--> statement-breakpoint
ALTER TABLE `credentials` ADD `signing_secret_prefix` text;