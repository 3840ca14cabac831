-- Fanvil X210-V2 and X210 Pro (templates/fanvil/NOTES.md): wazo-provd-plugins' serie-x/entry.py gives them
-- common files of their own, fanvil_x210_v2_hwv2_0.txt and fanvil_x210_pro_hwv2_0.txt (the first X210 asks
-- F0V00X200000.cfg), both with the <sysConf> template of the X210 line and the same firmware. Guarded like
-- 0003: an operator's own rows (same iden or generic file) are kept.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x210-v2', 'Fanvil X210-V2', '', 'fanvil_x210_v2_hwv2_0.txt', '{mac}.cfg', 'xml', 20, '^Fanvil X210-V2 ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x210-pro', 'Fanvil X210 Pro', '', 'fanvil_x210_pro_hwv2_0.txt', '{mac}.cfg', 'xml', 20, '^Fanvil X210 ?Pro ', 'fanvil');
--> statement-breakpoint
-- The first X210's pattern took the V2's and the Pro's User-Agents too: now each has its own model. Only the
-- pattern 0007 wrote is changed.
UPDATE `models` SET `user_agent` = '^Fanvil X210 [0-9]'
  WHERE `iden` = 'fanvil-x210' AND `user_agent` = '^Fanvil X210([- ]Pro|-V2)? ';
