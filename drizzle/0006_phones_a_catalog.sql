-- Yealink models the catalog lacked, and Poly Edge E User-Agent patterns that real units match
-- (templates/yealink/NOTES.md, templates/polycom/NOTES.md). INSERT OR IGNORE: a database where an operator
-- already created one of these models (same iden or generic file) keeps the operator's row.
-- Common files: FusionPBX's per-model Yealink templates (t29g/y000000000046.cfg, t40g/y000000000076.cfg,
-- t52s/y000000000074.cfg, t56a/y000000000056.cfg, t42u/y000000000116.cfg, cp920/y000000000078.cfg).
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t29g', 'Yealink T29G', '', 'y000000000046.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T29G ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t40g', 'Yealink T40G', '', 'y000000000076.cfg', '{mac}.cfg', 'text', 3, '^Yealink SIP-T40G ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t52s', 'Yealink T52S', '', 'y000000000074.cfg', '{mac}.cfg', 'text', 12, '^Yealink SIP-T52S ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t56a', 'Yealink T56A', '', 'y000000000056.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T56A ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t42u', 'Yealink T42U', '', 'y000000000116.cfg', '{mac}.cfg', 'text', 12, '^Yealink SIP-T42U ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-cp920', 'Yealink CP920', 'Conference phone', 'y000000000078.cfg', '{mac}.cfg', 'text', 1, '^Yealink SIP-CP920 ', 'yealink');
--> statement-breakpoint
-- Edge E phones say `FileTransport PolyEdge-Edge_E450-UA/…`, which `Polycom\w*` never matched. Only rows still
-- holding the pattern the catalog shipped change.
UPDATE `models` SET `user_agent` = '^FileTransport Poly\w*-Edge_E100-UA/' WHERE `iden` = 'poly-edge-e100' AND `user_agent` = '^FileTransport Polycom\w*-Edge_E100-UA/';
--> statement-breakpoint
UPDATE `models` SET `user_agent` = '^FileTransport Poly\w*-Edge_E220-UA/' WHERE `iden` = 'poly-edge-e220' AND `user_agent` = '^FileTransport Polycom\w*-Edge_E220-UA/';
--> statement-breakpoint
UPDATE `models` SET `user_agent` = '^FileTransport Poly\w*-Edge_E320-UA/' WHERE `iden` = 'poly-edge-e320' AND `user_agent` = '^FileTransport Polycom\w*-Edge_E320-UA/';
--> statement-breakpoint
UPDATE `models` SET `user_agent` = '^FileTransport Poly\w*-Edge_E350-UA/' WHERE `iden` = 'poly-edge-e350' AND `user_agent` = '^FileTransport Polycom\w*-Edge_E350-UA/';
--> statement-breakpoint
UPDATE `models` SET `user_agent` = '^FileTransport Poly\w*-Edge_E450-UA/' WHERE `iden` = 'poly-edge-e450' AND `user_agent` = '^FileTransport Polycom\w*-Edge_E450-UA/';
--> statement-breakpoint
UPDATE `models` SET `user_agent` = '^FileTransport Poly\w*-Edge_E550-UA/' WHERE `iden` = 'poly-edge-e550' AND `user_agent` = '^FileTransport Polycom\w*-Edge_E550-UA/';
