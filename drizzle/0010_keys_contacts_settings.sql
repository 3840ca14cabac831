CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_id` integer NOT NULL,
	`name` text NOT NULL,
	`number` text NOT NULL,
	`group` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_company_id_idx` ON `contacts` (`company_id`,`id`);--> statement-breakpoint
ALTER TABLE `companies` ADD `settings` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `models` ADD `key_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `terminals` ADD `keys` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `terminals` ADD `settings` text DEFAULT '{}' NOT NULL;