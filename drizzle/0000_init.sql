CREATE TABLE `companies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sip_domain` text NOT NULL,
	`sip_proxy` text,
	`language` text DEFAULT 'en' NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `manufacturers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`iden` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `manufacturers_iden_unique` ON `manufacturers` (`iden`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`manufacturer_id` integer NOT NULL,
	`iden` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`generic_file` text NOT NULL,
	`specific_pattern` text NOT NULL,
	`format` text NOT NULL,
	`max_lines` integer NOT NULL,
	`user_agent` text,
	`template_set` text NOT NULL,
	`generic_template` text,
	`specific_template` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`manufacturer_id`) REFERENCES `manufacturers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_iden_unique` ON `models` (`iden`);--> statement-breakpoint
CREATE UNIQUE INDEX `models_generic_file_lower_unique` ON `models` (lower("generic_file"));--> statement-breakpoint
CREATE INDEX `models_manufacturer_id_idx` ON `models` (`manufacturer_id`);--> statement-breakpoint
CREATE TABLE `terminal_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`terminal_id` integer NOT NULL,
	`position` integer NOT NULL,
	`username` text NOT NULL,
	`auth_username` text,
	`password` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`extension` text,
	FOREIGN KEY (`terminal_id`) REFERENCES `terminals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terminal_lines_terminal_position_unique` ON `terminal_lines` (`terminal_id`,`position`);--> statement-breakpoint
CREATE TABLE `terminals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	`mac` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`language` text,
	`timezone` text,
	`enabled` integer DEFAULT true NOT NULL,
	`provisioned_at` integer,
	`provisioned_ip` text,
	`provisioned_user_agent` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terminals_mac_unique` ON `terminals` (`mac`);--> statement-breakpoint
CREATE INDEX `terminals_company_id_idx` ON `terminals` (`company_id`);--> statement-breakpoint
CREATE INDEX `terminals_model_id_idx` ON `terminals` (`model_id`);