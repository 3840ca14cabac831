-- Programmable keys of the Fanvil models (templates/fanvil/NOTES.md, "Keys, phonebook, settings"). The <sysConf>
-- X4U and X6U: their side keys plus five pages of function keys (fusionpbx/fusionpbx fanvil/x4u and x6u
-- templates; the side keys and page sizes of wazo-platform/wazo-provd-plugins wazo-fanvil serie-x entry.py).
-- The X6 reads <VOIP_CONFIG_FILE>, whose public templates give it its 12 DSS keys only (wazo's plugin); its
-- count of 60 came from a <sysConf> template. It is lowered only where no terminal uses a key past 12, so a
-- key in use never falls outside its model. updated_at moves with the count: a Fanvil applies a file only
-- when its version (made of it) rises.
UPDATE `models` SET `key_count` = 33, `updated_at` = cast(unixepoch('subsec') * 1000 as integer) WHERE `iden` = 'fanvil-x4u' AND `key_count` = 0;--> statement-breakpoint
UPDATE `models` SET `key_count` = 65, `updated_at` = cast(unixepoch('subsec') * 1000 as integer) WHERE `iden` = 'fanvil-x6u' AND `key_count` = 0;--> statement-breakpoint
UPDATE `models` SET `key_count` = 12, `updated_at` = cast(unixepoch('subsec') * 1000 as integer)
  WHERE `iden` = 'fanvil-x6' AND `key_count` = 60 AND NOT EXISTS (
    SELECT 1 FROM `terminals` t, json_each(t.`keys`) k WHERE t.`model_id` = `models`.`id` AND json_extract(k.`value`, '$.position') > 12
  );
