import type { TemplateSet } from "../../src/core/family";
import { plainHttp } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { ciscoView } from "./time";

/**
 * The SPA fetches over HTTPS only from servers whose certificate Cisco signed (NOTES.md), so its rules name
 * the plain-HTTP form of the provisioning root; edgeprov serves a MAC file there only to a company whose
 * policy allows it for cisco-spa (SECURITY.md).
 */
export default {
  generic,
  specific,
  view: (view) => ({
    spa: { ruleBase: plainHttp(view.provisioning.baseUrl), ...("timezone" in view ? ciscoView(view) : {}) },
  }),
} satisfies TemplateSet;
