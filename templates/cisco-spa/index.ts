import type { TemplateSet } from "../../src/core/family";
import { plainHttp } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { ciscoView } from "./time";
import { ciscoDirectory, ciscoKeyRules, ciscoKeys, ciscoSettings } from "./operator";

/**
 * The SPA fetches over HTTPS only from servers whose certificate Cisco signed (NOTES.md), so its rules name
 * the plain-HTTP form of the provisioning root; edgeprov serves a MAC file there only to a company whose
 * policy allows it for cisco-spa (SECURITY.md).
 */
export default {
  generic,
  specific,
  // SPA50x/51x: `Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)`; the SPA525G sends only its serial,
  // `Cisco/SPA525G-7.4.7 (CBT141900G7)` (wazo-platform/wazo-provd-plugins, cisco-spa common.py). No HTTP
  // User-Agent of a SPA525G2 is public (NOTES.md): it is matched on the model too.
  macInUserAgent: { except: ["cisco-spa525g", "cisco-spa525g2"] },
  // The generic file is every company's, and a SPA answers a challenge only with its rule's own --uid/--pwd.
  authStaging:
    "Cisco SPA units must be staged before their first boot: set Profile_Rule to [--uid <user> --pwd <password>]http://<host>/provision/$MA.xml (docs/dhcp.md, Cisco with HTTP auth)",
  view: (view) => ({
    spa: { ruleBase: plainHttp(view.provisioning.baseUrl), ...("timezone" in view ? ciscoView(view) : {}) },
  }),
  operator: (view) => ({ cisco: { keys: ciscoKeys(view) } }),
  settings: ciscoSettings,
  keyRules: ciscoKeyRules,
  directory: ciscoDirectory,
} satisfies TemplateSet;
