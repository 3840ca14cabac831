-- The per-terminal cap on provisioning events (EVENTS_PER_TERMINAL in src/db/phone-log.ts) held by the
-- database itself: whoever inserts an event (one phone request, or a queue consumer's batch of a hundred
-- in one statement), the terminal keeps its 50 newest. The trim was a statement of its own after every
-- insert; in the trigger it costs no statement, so a batch of records is two statements, not three.
CREATE TRIGGER `provisioning_events_cap` AFTER INSERT ON `provisioning_events`
BEGIN
  DELETE FROM `provisioning_events` WHERE `terminal_id` = NEW.`terminal_id` AND `id` <= (
    SELECT `id` FROM `provisioning_events` WHERE `terminal_id` = NEW.`terminal_id`
    ORDER BY `id` DESC LIMIT 1 OFFSET 50);
END;
