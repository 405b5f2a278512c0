CREATE TABLE `api_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`credential_id` text,
	`username` text,
	`call` text NOT NULL,
	`ip` text NOT NULL,
	`outcome` text NOT NULL,
	`status` integer NOT NULL,
	`user_agent` text NOT NULL,
	`count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `api_history_credential_idx` ON `api_history` (`credential_id`,`id`);--> statement-breakpoint
CREATE INDEX `api_history_outcome_idx` ON `api_history` (`outcome`,`id`);--> statement-breakpoint
CREATE INDEX `api_history_ip_idx` ON `api_history` (`ip`,`id`);--> statement-breakpoint
CREATE INDEX `api_history_call_idx` ON `api_history` (`call`,`id`);--> statement-breakpoint
CREATE INDEX `api_history_created_idx` ON `api_history` (`created_at`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`customer_name` text NOT NULL,
	`customer_email` text NOT NULL,
	`items` text NOT NULL,
	`total_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `products` (
	`sku` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`price_cents` integer NOT NULL,
	`quantity` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`credential_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`ip` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `api_tokens_credential_idx` ON `api_tokens` (`credential_id`);--> statement-breakpoint
CREATE INDEX `api_tokens_expires_idx` ON `api_tokens` (`expires_at`);