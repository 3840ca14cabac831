-- Catalog corrections and additions for Cisco SPA and Fanvil (templates/cisco-spa/NOTES.md, templates/fanvil/NOTES.md).
-- Guarded like 0003: an operator's own rows (same iden or generic file, or a pattern already changed) are kept.
--
-- Cisco SPA: the SPA525G and SPA525G2 are separate products that ask spa525G.cfg and spa525G2.cfg; the SPA501G,
-- SPA508G, SPA512G and SPA303 ask spa<PSN>.cfg like the rest of the series.
UPDATE `models` SET `user_agent` = '^Cisco/SPA525G2-'
  WHERE `iden` = 'cisco-spa525g2' AND `user_agent` = '^Cisco/SPA525G2?-';
--> statement-breakpoint
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa303', 'Cisco SPA303', '', 'spa303.cfg', '{mac}.xml', 'xml', 3, '^Cisco/SPA303-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa501g', 'Cisco SPA501G', '', 'spa501G.cfg', '{mac}.xml', 'xml', 8, '^Cisco/SPA501G-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa508g', 'Cisco SPA508G', '', 'spa508G.cfg', '{mac}.xml', 'xml', 8, '^Cisco/SPA508G-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa512g', 'Cisco SPA512G', '', 'spa512G.cfg', '{mac}.xml', 'xml', 1, '^Cisco/SPA512G-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa525g', 'Cisco SPA525G', 'The first SPA525G; the SPA525G2 is its own model', 'spa525G.cfg', '{mac}.xml', 'xml', 5, '^Cisco/SPA525G-', 'cisco-spa');
--> statement-breakpoint
-- Fanvil: F0V00X200000.cfg is the X210's common file; the X2 asks f0X2hw1.100.cfg.
UPDATE `models` SET `generic_file` = 'f0X2hw1.100.cfg'
  WHERE `iden` = 'fanvil-x2' AND `generic_file` = 'F0V00X200000.cfg';
--> statement-breakpoint
-- The X-U units ask no common file that any public source names, only <mac>.cfg: their generic files are
-- edgeprov's own names (an operator may point a unit at one), not ones a unit asks by itself.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x210', 'Fanvil X210', '', 'F0V00X200000.cfg', '{mac}.cfg', 'xml', 20, '^Fanvil X210([- ]Pro|-V2)? ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x3u', 'Fanvil X3U', 'Asks no known common file: give it the HTTPS root', 'fanvil/x3u.cfg', '{mac}.cfg', 'xml', 6, '^Fanvil X3U([- ]Pro|-V2)? ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x4u', 'Fanvil X4U', 'Asks no known common file: give it the HTTPS root', 'fanvil/x4u.cfg', '{mac}.cfg', 'xml', 12, '^Fanvil X4U([- ]Pro|-V2)? ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x5u', 'Fanvil X5U', 'Asks no known common file: give it the HTTPS root', 'fanvil/x5u.cfg', '{mac}.cfg', 'xml', 16, '^Fanvil X5U([- ]Pro|-V2)? ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x6u', 'Fanvil X6U', 'Asks no known common file: give it the HTTPS root', 'fanvil/x6u.cfg', '{mac}.cfg', 'xml', 20, '^Fanvil X6U([- ]Pro|-V2)? ', 'fanvil');
