CREATE TABLE `allowed_ips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`credential_id` text NOT NULL,
	`position` integer NOT NULL,
	`entry` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `allowed_ips_credential_idx` ON `allowed_ips` (`credential_id`,`position`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`key_hash` text,
	`key_prefix` text NOT NULL,
	`previous_key_hash` text,
	`previous_key_expires_at` integer,
	`status` text NOT NULL,
	`scopes` text NOT NULL,
	`expires_at` integer,
	`rate_limit` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_used_at` integer,
	`last_used_ip` text,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_username_live_unique` ON `credentials` (lower("username")) WHERE "credentials"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX `credentials_created_idx` ON `credentials` (`created_at`);--> statement-breakpoint
CREATE INDEX `credentials_updated_idx` ON `credentials` (`updated_at`);--> statement-breakpoint
CREATE INDEX `credentials_last_used_idx` ON `credentials` (`last_used_at`);