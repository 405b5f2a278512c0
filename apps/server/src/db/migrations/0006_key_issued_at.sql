ALTER TABLE `credentials` ADD `key_issued_at` integer;--> statement-breakpoint
-- Existing keys: the last regeneration the audit log remembers, else the credential's creation.
UPDATE `credentials` SET `key_issued_at` = coalesce(
  (SELECT max(`at`) FROM `audit_log` WHERE `action` = 'credential.regenerate' AND `target_id` = `credentials`.`id`),
  `created_at`
);
