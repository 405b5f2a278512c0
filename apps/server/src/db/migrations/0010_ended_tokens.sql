CREATE TABLE `ended_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`credential_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ended_tokens_credential_idx` ON `ended_tokens` (`credential_id`);--> statement-breakpoint
CREATE INDEX `ended_tokens_expires_idx` ON `ended_tokens` (`expires_at`);