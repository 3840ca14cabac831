ALTER TABLE `companies` ADD `transport` text DEFAULT 'udp' NOT NULL;--> statement-breakpoint
ALTER TABLE `companies` ADD `sip_port` integer;--> statement-breakpoint
ALTER TABLE `companies` ADD `ntp_server` text;--> statement-breakpoint
ALTER TABLE `terminals` ADD `transport` text;--> statement-breakpoint
ALTER TABLE `terminals` ADD `sip_port` integer;