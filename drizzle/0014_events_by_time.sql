-- A terminal's events by time: the API's list (newest first), the 50-event cap and the look for a record's
-- twin inside its minute (0009_phone_records.sql) walk this index instead of sorting the terminal's events
-- on each insert. Building it reads the table once (a few seconds for millions of events).
DROP INDEX `provisioning_events_terminal_id_idx`;--> statement-breakpoint
CREATE INDEX `provisioning_events_terminal_at_idx` ON `provisioning_events` (`terminal_id`,`at`,`id`);