-- The built-in catalog: every database has it. Facts from the vendors' admin guides (each family's templates/<family>/NOTES.md).
-- User-Agent patterns are matched ignoring case (old Yealink firmware says "yealink").
INSERT INTO `manufacturers` (`iden`, `name`, `description`) VALUES
  ('cisco', 'Cisco', 'Cisco Small Business SPA IP phones'),
  ('yealink', 'Yealink', 'Yealink SIP desk phones and DECT bases');
--> statement-breakpoint
INSERT INTO `models` (`manufacturer_id`, `iden`, `name`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  -- Cisco SPA: asks for spa<model>.cfg as it names itself; Profile_Rule then sends it to $MA.xml.
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa502g', 'Cisco SPA502G', 'spa502G.cfg', '{mac}.xml', 'xml', 1, '^Cisco/SPA502G-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa504g', 'Cisco SPA504G', 'spa504G.cfg', '{mac}.xml', 'xml', 4, '^Cisco/SPA504G-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa509g', 'Cisco SPA509G', 'spa509G.cfg', '{mac}.xml', 'xml', 12, '^Cisco/SPA509G-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa514g', 'Cisco SPA514G', 'spa514G.cfg', '{mac}.xml', 'xml', 4, '^Cisco/SPA514G-', 'cisco-spa'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-spa525g2', 'Cisco SPA525G2', 'spa525G2.cfg', '{mac}.xml', 'xml', 5, '^Cisco/SPA525G2?-', 'cisco-spa'),
  -- Yealink: the common file y0000000000NN.cfg (a lookup table, not derivable), then <mac>.cfg.
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t21p', 'Yealink T21P', 'y000000000034.cfg', '{mac}.cfg', 'text', 2, '^Yealink SIP-T21P ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t21p-e2', 'Yealink T21P E2', 'y000000000052.cfg', '{mac}.cfg', 'text', 2, '^Yealink SIP-T21P_E2 ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t23p', 'Yealink T23P', 'y000000000044.cfg', '{mac}.cfg', 'text', 3, '^Yealink SIP-T23P ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t27p', 'Yealink T27P', 'y000000000045.cfg', '{mac}.cfg', 'text', 6, '^Yealink SIP-T27P ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t46g', 'Yealink T46G', 'y000000000028.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T46G ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t48g', 'Yealink T48G', 'y000000000035.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T48G ', 'yealink'),
  -- Both DECT bases ask for the same common file, so they are one model.
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-w52p', 'Yealink W52P/W56P', 'y000000000025.cfg', '{mac}.cfg', 'text', 5, '^Yealink (SIP-)?W5[26]P ', 'yealink');
