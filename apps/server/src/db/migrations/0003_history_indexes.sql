CREATE TABLE `api_history_hourly` (
	`hour` integer NOT NULL,
	`credential_id` text NOT NULL,
	`outcome` text NOT NULL,
	`calls` integer NOT NULL,
	PRIMARY KEY(`hour`, `credential_id`, `outcome`)
);
--> statement-breakpoint
CREATE INDEX `api_history_hourly_credential_idx` ON `api_history_hourly` (`credential_id`,`hour`);--> statement-breakpoint
DROP INDEX `api_history_call_idx`;--> statement-breakpoint
DROP INDEX `api_history_credential_idx`;--> statement-breakpoint
DROP INDEX `api_history_outcome_idx`;--> statement-breakpoint
DROP INDEX `api_history_ip_idx`;--> statement-breakpoint
CREATE INDEX `api_history_credential_outcome_idx` ON `api_history` (`credential_id`,`outcome`,`created_at`);--> statement-breakpoint
CREATE INDEX `api_history_credential_call_idx` ON `api_history` (`credential_id`,`call`,`created_at`);--> statement-breakpoint
CREATE INDEX `api_history_credential_ip_idx` ON `api_history` (`credential_id`,`ip`,`created_at`);--> statement-breakpoint
CREATE INDEX `api_history_credential_idx` ON `api_history` (`credential_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `api_history_outcome_idx` ON `api_history` (`outcome`,`created_at`);--> statement-breakpoint
CREATE INDEX `api_history_ip_idx` ON `api_history` (`ip`,`created_at`);