ALTER TABLE `credentials` ADD `description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_history` ADD `last_request_id` text;