CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`company_id` integer,
	`role` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_secretHash_unique` ON `api_tokens` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`token_id` text NOT NULL,
	`company_id` integer,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text,
	`fields` text NOT NULL,
	`status` integer NOT NULL,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_company_id_idx` ON `audit_log` (`company_id`,`id`);--> statement-breakpoint
ALTER TABLE `unknown_devices` ADD `client` text;--> statement-breakpoint
CREATE INDEX `unknown_devices_client_idx` ON `unknown_devices` (`client`);