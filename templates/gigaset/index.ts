import type { TemplateSet } from "../../src/core/family";
import { withCredentials } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";

/** Gigaset numbers handsets with five digits (`00001`), and takes provisioning credentials in the URL. */
export default {
  generic,
  specific,
  view: (view) =>
    "lines" in view
      ? {
          gigaset: {
            provisioningServer: `${withCredentials(view.provisioning.baseUrl, view.provisioning.auth)}/`,
            handsets: view.lines.map((line) => ({ ...line, handset: String(line.position).padStart(5, "0") })),
          },
        }
      : {},
  /** `Group.instance.Name` parameters (`SipProvider.0.DTMFTransmission`); credentials and the provisioning server stay the template's. */
  settings: { key: /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z0-9]+\.[A-Za-z0-9_.]+$/, deny: [/password|authname|username/i, /^Provisioning\./] },
} satisfies TemplateSet;
