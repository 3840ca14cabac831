import type { TemplateSet } from "../../src/core/family";
import { withCredentials } from "../url";
import generic from "./generic.mustache";
import specific from "./specific.mustache";
import { gigasetZone } from "./zones";

const SIP_TRANSPORT = { udp: "1", tcp: "2", tls: "3" } as const;

/**
 * Gigaset spellings: handsets numbered with five digits (`00001`), provisioning credentials in the URL,
 * the time zone as one of the names the base accepts, the transport as a number.
 */
export default {
  generic,
  specific,
  // `Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605` (wazo-platform/wazo-provd-plugins, gigaset Nx70).
  macInUserAgent: true,
  view: (view) =>
    "lines" in view
      ? {
          gigaset: {
            provisioningServer: `${withCredentials(view.provisioning.baseUrl, view.provisioning.auth)}/`,
            handsets: view.lines.map((line) => ({ ...line, handset: String(line.position).padStart(5, "0") })),
            timeZone: gigasetZone(view.timezone.name, new Date()),
            transport: SIP_TRANSPORT[view.sip.transport],
          },
        }
      : {},
  /** `Group.instance.Name` parameters (`SipProvider.0.DTMFTransmission`); credentials and the provisioning server stay the template's. */
  settings: {
    key: /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z0-9]+\.[A-Za-z0-9_.]+$/,
    deny: [/password|authname|username/i, /^Provisioning\./],
    // What `specific.mustache` writes: its phones are not known to take a parameter twice.
    written: [
      /^SystemSettings\.global\.Language$/,
      /^DmGlobal\.0\.(TimeZone|NtpServer)$/,
      /^SipProvider\.0\.(Name|Domain|ProxyServerAddress|ProxyServerPort|RegServerAddress|RegServerPort|TransportProtocol|UseSIPS|OutboundProxyMode|OutboundProxyAddress|OutboundProxyPort)$/,
      /^SipAccount\.\d+\.(ProviderId|DisplayName)$/,
    ],
  },
} satisfies TemplateSet;
