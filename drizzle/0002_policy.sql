CREATE TABLE `provisioning_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`terminal_id` integer NOT NULL,
	`at` integer NOT NULL,
	`ip` text,
	`user_agent` text,
	`file` text NOT NULL,
	`outcome` text NOT NULL,
	FOREIGN KEY (`terminal_id`) REFERENCES `terminals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `provisioning_events_terminal_id_idx` ON `provisioning_events` (`terminal_id`,`id`);--> statement-breakpoint
CREATE TABLE `unknown_devices` (
	`mac` text PRIMARY KEY NOT NULL,
	`model_id` integer,
	`user_agent` text,
	`ip` text,
	`path` text NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `unknown_devices_last_seen_idx` ON `unknown_devices` (`last_seen`);--> statement-breakpoint
ALTER TABLE `companies` ADD `policy` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `terminals` ADD `locked` integer DEFAULT false NOT NULL;