CREATE TABLE `client_blocks` (
	`client` text PRIMARY KEY NOT NULL,
	`until` integer NOT NULL
);
