-- More vendor families for the built-in catalog (templates/<family>/, with the sources in its NOTES.md).
-- INSERT OR IGNORE: a database where an operator already created one of these models (same iden or generic
-- file) keeps the operator's row and the migration still applies. User-Agent patterns match ignoring case.
INSERT OR IGNORE INTO `manufacturers` (`iden`, `name`, `description`) VALUES
  ('poly', 'Poly', 'Poly (Polycom) VVX and Edge E desk phones, UC Software'),
  ('grandstream', 'Grandstream', 'Grandstream GXP, GRP, GXV desk phones and WP Wi-Fi phones'),
  ('snom', 'Snom', 'Snom D-series desk phones'),
  ('fanvil', 'Fanvil', 'Fanvil X-series desk phones'),
  ('gigaset', 'Gigaset', 'Gigaset Nx70 IP PRO DECT bases');
--> statement-breakpoint
UPDATE `manufacturers` SET `description` = 'Cisco SPA and MPP (3PCC) IP phones'
  WHERE `iden` = 'cisco' AND `description` = 'Cisco Small Business SPA IP phones';
--> statement-breakpoint
-- The T23G asks for the T23P's common file (044): one model, whose pattern now knows both units.
UPDATE `models` SET `user_agent` = '^Yealink SIP-T23[PG] ', `description` = 'Also the T23G, which asks for the same common file'
  WHERE `iden` = 'yealink-t23p' AND `user_agent` = '^Yealink SIP-T23P ';
--> statement-breakpoint
-- Yealink: the common file y0000000000NN.cfg (a lookup table, not derivable), then <mac>.cfg.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t19p-e2', 'Yealink T19P E2', '', 'y000000000053.cfg', '{mac}.cfg', 'text', 1, '^Yealink SIP-T19P_E2 ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t40p', 'Yealink T40P', '', 'y000000000054.cfg', '{mac}.cfg', 'text', 3, '^Yealink SIP-T40P ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t41p', 'Yealink T41P', '', 'y000000000036.cfg', '{mac}.cfg', 'text', 6, '^Yealink SIP-T41P ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t42g', 'Yealink T42G', '', 'y000000000029.cfg', '{mac}.cfg', 'text', 12, '^Yealink SIP-T42G ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t27g', 'Yealink T27G', '', 'y000000000069.cfg', '{mac}.cfg', 'text', 6, '^Yealink SIP-T27G ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t41s', 'Yealink T41S', '', 'y000000000068.cfg', '{mac}.cfg', 'text', 6, '^Yealink SIP-T41S ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t42s', 'Yealink T42S', '', 'y000000000067.cfg', '{mac}.cfg', 'text', 12, '^Yealink SIP-T42S ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t46s', 'Yealink T46S', '', 'y000000000066.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T46S ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t48s', 'Yealink T48S', '', 'y000000000065.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T48S ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t54s', 'Yealink T54S', '', 'y000000000070.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T54S ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t58a', 'Yealink T58A', '', 'y000000000058.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T58A? ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t53', 'Yealink T53/T53W', '', 'y000000000095.cfg', '{mac}.cfg', 'text', 12, '^Yealink SIP-T53W? ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t54w', 'Yealink T54W', '', 'y000000000096.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T54W ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t57w', 'Yealink T57W', '', 'y000000000097.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T57W ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t58w', 'Yealink T58W', '', 'y000000000150.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T58W ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t43u', 'Yealink T43U', '', 'y000000000107.cfg', '{mac}.cfg', 'text', 12, '^Yealink SIP-T43U ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t46u', 'Yealink T46U', '', 'y000000000108.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T46U ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t48u', 'Yealink T48U', '', 'y000000000109.cfg', '{mac}.cfg', 'text', 16, '^Yealink SIP-T48U ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t31g', 'Yealink T31G', '', 'y000000000123.cfg', '{mac}.cfg', 'text', 2, '^Yealink SIP-T31G ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t33g', 'Yealink T33G', '', 'y000000000124.cfg', '{mac}.cfg', 'text', 4, '^Yealink SIP-T33G ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-t44w', 'Yealink T44W', '', 'y000000000174.cfg', '{mac}.cfg', 'text', 12, '^Yealink SIP-T44W ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-w70b', 'Yealink W70B', 'DECT base of the W73P/W76P/W78P kits', 'y000000000146.cfg', '{mac}.cfg', 'text', 10, '^Yealink (SIP-)?W70B ', 'yealink'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'yealink'), 'yealink-w60b', 'Yealink W60B', 'DECT base of the W60P kit', 'y000000000077.cfg', '{mac}.cfg', 'text', 8, '^Yealink (SIP-)?W60B ', 'yealink');
--> statement-breakpoint
-- Cisco MPP (3PCC): the factory Profile_Rule asks for $PSN.xml; ours sends the phone to $MA.xml.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-6821-3pcc', 'Cisco IP Phone 6821 3PCC', '', '6821-3PCC.xml', '{mac}.xml', 'xml', 2, '^Cisco-CP-6821-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-6841-3pcc', 'Cisco IP Phone 6841 3PCC', '', '6841-3PCC.xml', '{mac}.xml', 'xml', 4, '^Cisco-CP-6841-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-6851-3pcc', 'Cisco IP Phone 6851 3PCC', '', '6851-3PCC.xml', '{mac}.xml', 'xml', 4, '^Cisco-CP-6851-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-6861-3pcc', 'Cisco IP Phone 6861 3PCC', '', '6861-3PCC.xml', '{mac}.xml', 'xml', 4, '^Cisco-CP-6861-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-6871-3pcc', 'Cisco IP Phone 6871 3PCC', '', '6871-3PCC.xml', '{mac}.xml', 'xml', 6, '^Cisco-CP-6871-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-7811-3pcc', 'Cisco IP Phone 7811 3PCC', '', '7811-3PCC.xml', '{mac}.xml', 'xml', 1, '^Cisco-CP-7811-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-7821-3pcc', 'Cisco IP Phone 7821 3PCC', '', '7821-3PCC.xml', '{mac}.xml', 'xml', 2, '^Cisco-CP-7821-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-7832-3pcc', 'Cisco IP Phone 7832 3PCC', '', '7832-3PCC.xml', '{mac}.xml', 'xml', 1, '^Cisco-CP-7832-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-7841-3pcc', 'Cisco IP Phone 7841 3PCC', '', '7841-3PCC.xml', '{mac}.xml', 'xml', 4, '^Cisco-CP-7841-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-7861-3pcc', 'Cisco IP Phone 7861 3PCC', '', '7861-3PCC.xml', '{mac}.xml', 'xml', 16, '^Cisco-CP-7861-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-8811-3pcc', 'Cisco IP Phone 8811 3PCC', '', '8811-3PCC.xml', '{mac}.xml', 'xml', 10, '^Cisco-CP-8811-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-8832-3pcc', 'Cisco IP Phone 8832 3PCC', '', '8832-3PCC.xml', '{mac}.xml', 'xml', 1, '^Cisco-CP-8832-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-8841-3pcc', 'Cisco IP Phone 8841 3PCC', '', '8841-3PCC.xml', '{mac}.xml', 'xml', 10, '^Cisco-CP-8841-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-8845-3pcc', 'Cisco IP Phone 8845 3PCC', '', '8845-3PCC.xml', '{mac}.xml', 'xml', 10, '^Cisco-CP-8845-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-8851-3pcc', 'Cisco IP Phone 8851 3PCC', '', '8851-3PCC.xml', '{mac}.xml', 'xml', 10, '^Cisco-CP-8851-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-8861-3pcc', 'Cisco IP Phone 8861 3PCC', '', '8861-3PCC.xml', '{mac}.xml', 'xml', 10, '^Cisco-CP-8861-3PCC/', 'cisco-mpp'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'cisco'), 'cisco-8865-3pcc', 'Cisco IP Phone 8865 3PCC', '', '8865-3PCC.xml', '{mac}.xml', 'xml', 10, '^Cisco-CP-8865-3PCC/', 'cisco-mpp');
--> statement-breakpoint
-- Poly: every unit asks <mac>.cfg, then the default master 000000000000.cfg. Generic files are unique, so one
-- row owns the master; it is the same for every model and sends each to <mac>-edgeprov.cfg, the pattern all
-- Poly models share (the terminal's own model decides). polycom/<model>.cfg is the same master under the
-- model's name, for a boot server address that names its master file.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'polycom-soundpoint', 'Polycom SoundPoint IP / SoundStation IP', 'Owns Polycom''s default master 000000000000.cfg, which every Poly model asks for and which is the same for all', '000000000000.cfg', '{mac}-edgeprov.cfg', 'xml', 6, '^FileTransport PolycomSound(Point|Station)IP-', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-101', 'Poly VVX 101', '', 'polycom/vvx101.cfg', '{mac}-edgeprov.cfg', 'xml', 1, '^FileTransport PolycomVVX-VVX_101-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-150', 'Poly VVX 150', '', 'polycom/vvx150.cfg', '{mac}-edgeprov.cfg', 'xml', 2, '^FileTransport PolycomVVX-VVX_150-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-201', 'Poly VVX 201', '', 'polycom/vvx201.cfg', '{mac}-edgeprov.cfg', 'xml', 2, '^FileTransport PolycomVVX-VVX_201-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-250', 'Poly VVX 250', '', 'polycom/vvx250.cfg', '{mac}-edgeprov.cfg', 'xml', 4, '^FileTransport PolycomVVX-VVX_250-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-300', 'Poly VVX 300/301/310/311', '', 'polycom/vvx300.cfg', '{mac}-edgeprov.cfg', 'xml', 6, '^FileTransport PolycomVVX-VVX_3[01][01]-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-350', 'Poly VVX 350', '', 'polycom/vvx350.cfg', '{mac}-edgeprov.cfg', 'xml', 6, '^FileTransport PolycomVVX-VVX_350-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-400', 'Poly VVX 400/401/410/411', '', 'polycom/vvx400.cfg', '{mac}-edgeprov.cfg', 'xml', 12, '^FileTransport PolycomVVX-VVX_4[01][01]-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-450', 'Poly VVX 450', '', 'polycom/vvx450.cfg', '{mac}-edgeprov.cfg', 'xml', 12, '^FileTransport PolycomVVX-VVX_450-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-500', 'Poly VVX 500/501', '', 'polycom/vvx500.cfg', '{mac}-edgeprov.cfg', 'xml', 12, '^FileTransport PolycomVVX-VVX_50[01]-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-600', 'Poly VVX 600/601', '', 'polycom/vvx600.cfg', '{mac}-edgeprov.cfg', 'xml', 16, '^FileTransport PolycomVVX-VVX_60[01]-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-vvx-1500', 'Poly VVX 1500', '', 'polycom/vvx1500.cfg', '{mac}-edgeprov.cfg', 'xml', 6, '^FileTransport PolycomVVX-VVX_1500-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-edge-e100', 'Poly Edge E100', '', 'polycom/edge-e100.cfg', '{mac}-edgeprov.cfg', 'xml', 2, '^FileTransport Polycom\w*-Edge_E100-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-edge-e220', 'Poly Edge E220', '', 'polycom/edge-e220.cfg', '{mac}-edgeprov.cfg', 'xml', 4, '^FileTransport Polycom\w*-Edge_E220-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-edge-e320', 'Poly Edge E320', '', 'polycom/edge-e320.cfg', '{mac}-edgeprov.cfg', 'xml', 8, '^FileTransport Polycom\w*-Edge_E320-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-edge-e350', 'Poly Edge E350', '', 'polycom/edge-e350.cfg', '{mac}-edgeprov.cfg', 'xml', 8, '^FileTransport Polycom\w*-Edge_E350-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-edge-e450', 'Poly Edge E450', '', 'polycom/edge-e450.cfg', '{mac}-edgeprov.cfg', 'xml', 12, '^FileTransport Polycom\w*-Edge_E450-UA/', 'polycom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'poly'), 'poly-edge-e550', 'Poly Edge E550', '', 'polycom/edge-e550.cfg', '{mac}-edgeprov.cfg', 'xml', 16, '^FileTransport Polycom\w*-Edge_E550-UA/', 'polycom');
--> statement-breakpoint
-- Grandstream: cfg<mac>.xml, cfg<mac>, cfg<model>.xml, cfg.xml. The bare cfg<mac> (binary format) is refused.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp1610', 'Grandstream GXP1610', '', 'cfggxp1610.xml', 'cfg{mac}.xml', 'xml', 1, '^Grandstream Model HW GXP1610 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp1620', 'Grandstream GXP1620', '', 'cfggxp1620.xml', 'cfg{mac}.xml', 'xml', 2, '^Grandstream Model HW GXP1620 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp1625', 'Grandstream GXP1625', '', 'cfggxp1625.xml', 'cfg{mac}.xml', 'xml', 2, '^Grandstream Model HW GXP1625 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp1628', 'Grandstream GXP1628', '', 'cfggxp1628.xml', 'cfg{mac}.xml', 'xml', 2, '^Grandstream Model HW GXP1628 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp1630', 'Grandstream GXP1630', '', 'cfggxp1630.xml', 'cfg{mac}.xml', 'xml', 3, '^Grandstream Model HW GXP1630 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp2130', 'Grandstream GXP2130', '', 'cfggxp2130.xml', 'cfg{mac}.xml', 'xml', 3, '^Grandstream Model HW GXP2130 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp2135', 'Grandstream GXP2135', '', 'cfggxp2135.xml', 'cfg{mac}.xml', 'xml', 4, '^Grandstream Model HW GXP2135 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp2140', 'Grandstream GXP2140', '', 'cfggxp2140.xml', 'cfg{mac}.xml', 'xml', 4, '^Grandstream Model HW GXP2140 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp2160', 'Grandstream GXP2160', '', 'cfggxp2160.xml', 'cfg{mac}.xml', 'xml', 6, '^Grandstream Model HW GXP2160 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxp2170', 'Grandstream GXP2170', '', 'cfggxp2170.xml', 'cfg{mac}.xml', 'xml', 6, '^Grandstream Model HW GXP2170 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2601', 'Grandstream GRP2601', '', 'cfggrp2601.xml', 'cfg{mac}.xml', 'xml', 2, '^Grandstream Model HW GRP2601 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2602', 'Grandstream GRP2602', '', 'cfggrp2602.xml', 'cfg{mac}.xml', 'xml', 4, '^Grandstream Model HW GRP2602 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2603', 'Grandstream GRP2603', '', 'cfggrp2603.xml', 'cfg{mac}.xml', 'xml', 6, '^Grandstream Model HW GRP2603 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2604', 'Grandstream GRP2604', '', 'cfggrp2604.xml', 'cfg{mac}.xml', 'xml', 6, '^Grandstream Model HW GRP2604 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2612', 'Grandstream GRP2612', '', 'cfggrp2612.xml', 'cfg{mac}.xml', 'xml', 2, '^Grandstream Model HW GRP2612 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2613', 'Grandstream GRP2613', '', 'cfggrp2613.xml', 'cfg{mac}.xml', 'xml', 3, '^Grandstream Model HW GRP2613 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2614', 'Grandstream GRP2614', '', 'cfggrp2614.xml', 'cfg{mac}.xml', 'xml', 4, '^Grandstream Model HW GRP2614 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2615', 'Grandstream GRP2615', '', 'cfggrp2615.xml', 'cfg{mac}.xml', 'xml', 5, '^Grandstream Model HW GRP2615 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-grp2616', 'Grandstream GRP2616', '', 'cfggrp2616.xml', 'cfg{mac}.xml', 'xml', 6, '^Grandstream Model HW GRP2616 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxv3350', 'Grandstream GXV3350', '', 'cfggxv3350.xml', 'cfg{mac}.xml', 'xml', 16, '^Grandstream Model HW GXV3350 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-gxv3380', 'Grandstream GXV3380', '', 'cfggxv3380.xml', 'cfg{mac}.xml', 'xml', 16, '^Grandstream Model HW GXV3380 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-wp810', 'Grandstream WP810', '', 'cfgwp810.xml', 'cfg{mac}.xml', 'xml', 2, '^Grandstream Model HW WP810 ', 'grandstream'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'grandstream'), 'grandstream-wp820', 'Grandstream WP820', '', 'cfgwp820.xml', 'cfg{mac}.xml', 'xml', 2, '^Grandstream Model HW WP820 ', 'grandstream');
--> statement-breakpoint
-- Snom D-series: snom<model>.htm, then the URL its setting_server names ({mac} filled in by the phone).
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d120', 'Snom D120', '', 'snomD120.htm', '{mac}.xml', 'xml', 2, '\bsnomD120-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d140', 'Snom D140', '', 'snomD140.htm', '{mac}.xml', 'xml', 2, '\bsnomD140-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d150', 'Snom D150', '', 'snomD150.htm', '{mac}.xml', 'xml', 2, '\bsnomD150-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d315', 'Snom D315', '', 'snomD315.htm', '{mac}.xml', 'xml', 4, '\bsnomD315-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d335', 'Snom D335', '', 'snomD335.htm', '{mac}.xml', 'xml', 12, '\bsnomD335-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d345', 'Snom D345', '', 'snomD345.htm', '{mac}.xml', 'xml', 12, '\bsnomD345-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d375', 'Snom D375', '', 'snomD375.htm', '{mac}.xml', 'xml', 12, '\bsnomD375-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d385', 'Snom D385', '', 'snomD385.htm', '{mac}.xml', 'xml', 12, '\bsnomD385-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d713', 'Snom D713', '', 'snomD713.htm', '{mac}.xml', 'xml', 4, '\bsnomD713-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d715', 'Snom D715', '', 'snomD715.htm', '{mac}.xml', 'xml', 4, '\bsnomD715-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d717', 'Snom D717', '', 'snomD717.htm', '{mac}.xml', 'xml', 6, '\bsnomD717-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d735', 'Snom D735', '', 'snomD735.htm', '{mac}.xml', 'xml', 12, '\bsnomD735-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d785', 'Snom D785', '', 'snomD785.htm', '{mac}.xml', 'xml', 12, '\bsnomD785-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d862', 'Snom D862', '', 'snomD862.htm', '{mac}.xml', 'xml', 12, '\bsnomD862-SIP ', 'snom'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'snom'), 'snom-d865', 'Snom D865', '', 'snomD865.htm', '{mac}.xml', 'xml', 12, '\bsnomD865-SIP ', 'snom');
--> statement-breakpoint
-- Fanvil X-series: the model file (a lookup table), then the MAC file the <ap> section names.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x2', 'Fanvil X2', '', 'F0V00X200000.cfg', '{mac}.cfg', 'xml', 2, '^Fanvil X2 ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x3', 'Fanvil X3', '', 'F0V00X300000.cfg', '{mac}.cfg', 'xml', 2, '^Fanvil X3 ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x3s', 'Fanvil X3S', '', 'f0X3shw1.100.cfg', '{mac}.cfg', 'xml', 2, '^Fanvil X3S ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x4', 'Fanvil X4', '', 'f0X4hw1.100.cfg', '{mac}.cfg', 'xml', 4, '^Fanvil X4 ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x5', 'Fanvil X5', '', 'f0X5hw1.100.cfg', '{mac}.cfg', 'xml', 6, '^Fanvil X5 ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x5s', 'Fanvil X5S', '', 'F0V00X5S0000.cfg', '{mac}.cfg', 'xml', 6, '^Fanvil X5S ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x6', 'Fanvil X6', '', 'F0V00X600000.cfg', '{mac}.cfg', 'xml', 6, '^Fanvil X6 ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x7', 'Fanvil X7', '', 'F0V00X700000.cfg', '{mac}.cfg', 'xml', 20, '^Fanvil X7 ', 'fanvil'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'fanvil'), 'fanvil-x7c', 'Fanvil X7C', '', 'F0V0X7C00000.cfg', '{mac}.cfg', 'xml', 20, '^Fanvil X7C ', 'fanvil');
--> statement-breakpoint
-- Gigaset Nx70: provisioning.xml, then <mac>.xml from the provisioning URL. The generic file is a bootstrap
-- profile a provisioning URL can name directly; it moves the base to the HTTPS base URL.
INSERT OR IGNORE INTO `models` (`manufacturer_id`, `iden`, `name`, `description`, `generic_file`, `specific_pattern`, `format`, `max_lines`, `user_agent`, `template_set`) VALUES
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'gigaset'), 'gigaset-n670', 'Gigaset N670 IP PRO', '', 'gigaset/n670.xml', '{mac}.xml', 'xml', 20, '^Gigaset N670 IP PRO/', 'gigaset'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'gigaset'), 'gigaset-n870', 'Gigaset N870 IP PRO', '', 'gigaset/n870.xml', '{mac}.xml', 'xml', 250, '^Gigaset N870 IP PRO/', 'gigaset'),
  ((SELECT `id` FROM `manufacturers` WHERE `iden` = 'gigaset'), 'gigaset-n870e', 'Gigaset N870E IP PRO', '', 'gigaset/n870e.xml', '{mac}.xml', 'xml', 250, '^Gigaset N870E IP PRO/', 'gigaset');
