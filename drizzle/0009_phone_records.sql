-- What phone requests leave behind (provisioning records, events, unknown devices), written in ONE statement
-- however many there are: src/db/phone-log.ts inserts one row per record into the view `phone_records`
-- (INSERT ... SELECT from json_each of one bound parameter), and these INSTEAD OF triggers write each row
-- where it belongs, row by row in the order given, each seeing the rows before it. A queue consumer's batch
-- of a hundred phones is then one statement on the database's single primary instead of one per table
-- (docs/scale.md). The view holds nothing: it is only the shape of a row.
-- Each row carries its throttle window (quiet_after, quiet_before), worked out by src/db/phone-log.ts: the
-- row is skipped when the same thing is already recorded strictly inside it. That makes every row
-- idempotent (delivered twice, the second finds the first) and lets the latest fetch win.
CREATE VIEW `phone_records` (`kind`, `terminal_id`, `mac`, `model_id`, `at`, `ip`, `client`, `user_agent`, `file`, `outcome`, `quiet_after`, `quiet_before`) AS
  SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
--> statement-breakpoint
-- A served fetch: the terminal's provisioning record, unless it holds a newer fetch, or one inside the window
-- from the same IP and User-Agent.
CREATE TRIGGER `phone_records_fetch` INSTEAD OF INSERT ON `phone_records` WHEN NEW.`kind` = 'fetch'
BEGIN
  UPDATE `terminals` SET `provisioned_at` = NEW.`at`, `provisioned_ip` = NEW.`ip`, `provisioned_user_agent` = NEW.`user_agent`
  WHERE `id` = NEW.`terminal_id` AND (`provisioned_at` IS NULL OR (`provisioned_at` < NEW.`at` AND (
    `provisioned_at` <= NEW.`quiet_after` OR `provisioned_ip` IS NOT NEW.`ip` OR `provisioned_user_agent` IS NOT NEW.`user_agent`)));
END;
--> statement-breakpoint
-- An event, unless the same outcome from the same IP is inside the window. A terminal deleted since the
-- request gets none (its events went with it), and the rest of the batch is still written.
CREATE TRIGGER `phone_records_event` INSTEAD OF INSERT ON `phone_records` WHEN NEW.`kind` = 'event'
BEGIN
  INSERT INTO `provisioning_events` (`terminal_id`, `at`, `ip`, `user_agent`, `file`, `outcome`)
  SELECT NEW.`terminal_id`, NEW.`at`, NEW.`ip`, NEW.`user_agent`, NEW.`file`, NEW.`outcome`
  WHERE EXISTS (SELECT 1 FROM `terminals` WHERE `id` = NEW.`terminal_id`)
    AND NOT EXISTS (SELECT 1 FROM `provisioning_events`
      WHERE `terminal_id` = NEW.`terminal_id` AND `outcome` = NEW.`outcome` AND `ip` IS NEW.`ip`
        AND `at` > NEW.`quiet_after` AND `at` < NEW.`quiet_before`);
END;
--> statement-breakpoint
-- An unknown device. A new MAC is added unless its client (an IPv4 address, an IPv6 /64) already added 20
-- (UNKNOWN_DEVICES_PER_CLIENT in src/db/phone-log.ts): one client cannot push everyone else's sightings out.
-- A known one keeps its first sighting's model, User-Agent, IP and path (anyone can send a MAC's path):
-- only lastSeen and the count move, unless it was seen inside the window (or later). Past 1,000 rows
-- (UNKNOWN_DEVICES_MAX) the least recently seen go. A model deleted since the request leaves model_id
-- empty, as the foreign key's ON DELETE SET NULL would have. `WHERE ... ON CONFLICT`: the WHERE keeps
-- SQLite from reading ON CONFLICT as a join's ON.
CREATE TRIGGER `phone_records_sighting` INSTEAD OF INSERT ON `phone_records` WHEN NEW.`kind` = 'sighting'
BEGIN
  INSERT INTO `unknown_devices` (`mac`, `model_id`, `user_agent`, `ip`, `client`, `path`, `first_seen`, `last_seen`, `count`)
  SELECT NEW.`mac`, (SELECT `id` FROM `models` WHERE `id` = NEW.`model_id`), NEW.`user_agent`, NEW.`ip`, NEW.`client`, NEW.`file`, NEW.`at`, NEW.`at`, 1
  WHERE EXISTS (SELECT 1 FROM `unknown_devices` WHERE `mac` = NEW.`mac`)
     OR (SELECT count(*) FROM `unknown_devices` WHERE `client` = NEW.`client`) < 20
  ON CONFLICT (`mac`) DO UPDATE SET `last_seen` = excluded.`last_seen`, `count` = `unknown_devices`.`count` + 1
  WHERE `unknown_devices`.`last_seen` <= NEW.`quiet_after`;
  DELETE FROM `unknown_devices` WHERE `mac` IN (
    SELECT `mac` FROM `unknown_devices` ORDER BY `last_seen` DESC LIMIT -1 OFFSET 1000);
END;
--> statement-breakpoint
-- The per-terminal cap on events (EVENTS_PER_TERMINAL in src/db/phone-log.ts), held by the database
-- whoever inserts: the terminal keeps its 50 newest by time (records may arrive out of order through a
-- queue, and the admin API lists them by time). At most 51 rows of one terminal are sorted per insert.
CREATE TRIGGER `provisioning_events_cap` AFTER INSERT ON `provisioning_events`
BEGIN
  DELETE FROM `provisioning_events` WHERE `id` IN (
    SELECT `id` FROM `provisioning_events` WHERE `terminal_id` = NEW.`terminal_id`
    ORDER BY `at` DESC, `id` DESC LIMIT -1 OFFSET 50);
END;
