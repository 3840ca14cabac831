-- Demo data for local development (`npm start`): one company and one terminal per built-in model.
-- Idempotent: running it again changes nothing. MACs use each vendor's real prefix and the model id.
INSERT INTO `companies` (`id`, `name`, `sip_domain`, `sip_proxy`, `language`, `timezone`)
VALUES (1, 'Demo Company', 'sip.demo.example', NULL, 'es', 'Europe/Madrid')
ON CONFLICT (`id`) DO NOTHING;

INSERT OR IGNORE INTO `terminals` (`company_id`, `model_id`, `mac`, `name`)
SELECT 1, m.`id`,
       CASE f.`iden`
         WHEN 'yealink' THEN '001565' WHEN 'poly' THEN '0004f2' WHEN 'grandstream' THEN '000b82'
         WHEN 'snom' THEN '000413' WHEN 'fanvil' THEN '0c383e' WHEN 'gigaset' THEN '7c2f80'
         ELSE 'c46413' -- cisco
       END || printf('%06x', m.`id`),
       'Demo ' || m.`name`
FROM `models` AS m JOIN `manufacturers` AS f ON f.`id` = m.`manufacturer_id`;

INSERT OR IGNORE INTO `terminal_lines` (`terminal_id`, `position`, `username`, `password`, `display_name`, `extension`)
SELECT t.`id`, 1, 'demo' || (100 + t.`id`), lower(hex(randomblob(12))), 'Demo ' || (100 + t.`id`), CAST(100 + t.`id` AS TEXT)
FROM `terminals` AS t WHERE t.`company_id` = 1;
