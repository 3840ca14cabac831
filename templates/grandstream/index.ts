import type { TemplateSet } from "../../src/core/family";
import { hoursOffset, twoDigits } from "../../src/core/timezone";
import type { SpecificView } from "../../src/core/view";
import { scheme, withoutScheme } from "../url";
import generic from "./generic.mustache";
import genericPValues from "./generic-pvalues.mustache";
import { grandstreamProduct, GXV_ZONE_NAMES, isAndroid, LANGUAGE_CODES } from "./dialects";
import { accountNumbers, ALIAS_TRANSPORT, MAX_P_ACCOUNTS, P_TRANSPORT } from "./pvalues";
import specific from "./specific.mustache";
import specificPValues from "./specific-pvalues.mustache";
import { grandstreamKeys, grandstreamPValueKeyRules, grandstreamPValueSettings, grandstreamSettings } from "./operator";

type Zone = SpecificView["timezone"];
type Transition = NonNullable<Zone["dst"]>["start"];

/**
 * The self-defined time zone (P246, `dateTime.timezone.custom`, at most 64 characters), in the form of
 * Grandstream's own list (`CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00`): `STD-1DST-2,M3.5.0/02:00:00,…`.
 * POSIX signs: east of UTC is negative.
 */
export function grandstreamTimeZone(zone: Zone): string {
  // Plain letters for the names: the runtime's POSIX string names zones `<+01>`, which the phone's parser
  // is not known to take.
  const standard = `STD${posixOffset(zone.standardOffsetMinutes)}`;
  if (!zone.dst) return standard;
  const summer = `DST${posixOffset(zone.standardOffsetMinutes + zone.dst.savingMinutes)}`;
  return `${standard}${summer},${rule(zone.dst.start)},${rule(zone.dst.end)}`;
}

function posixOffset(minutesEast: number): string {
  return hoursOffset(-minutesEast);
}

function rule(t: Transition): string {
  return `M${t.month}.${t.week}.${t.weekday}/${twoDigits(t.hour)}:${twoDigits(t.minute)}:00`;
}

/** A line with the P-value numbers of its account; accounts past the sixth have none and are left out. */
function withNumbers<T extends { position: number }>(lines: readonly T[]) {
  return lines.filter((line) => line.position <= MAX_P_ACCOUNTS).map((line) => ({ ...line, p: accountNumbers(line.position)! }));
}

/**
 * Grandstream's spellings. The config server is a protocol (`HTTP`/`HTTPS`, P212 1/2) and a path without
 * scheme. Alias files (GRP261x, GXV33xx, WP820) and P-value files (the rest: `variants`) spell transport and
 * language each their own way, so both spellings are here; among alias products the Android GXV and WP820
 * spell the re-check mode, the zone and the auth id their own way (dialects.ts).
 */
export default {
  generic,
  specific,
  // `Grandstream Model HW GXP1628 SW 1.0.4.138 DevId c074ad2bd859` (wazo-platform/wazo-provd-plugins, grandstream).
  macInUserAgent: true,
  variants: [{ name: "P-values", genericFile: /^cfg(gxp1[67]|gxp21|grp260|wp810|ht8)/i, generic: genericPValues, specific: specificPValues, settings: grandstreamPValueSettings, keyRules: grandstreamPValueKeyRules }],
  view: (view) => {
    const https = scheme(view.provisioning.baseUrl) === "https";
    const product = grandstreamProduct(view.model.name);
    const android = isAndroid(product);
    const server = {
      protocol: https ? "HTTPS" : "HTTP",
      protocolP: https ? "2" : "1",
      serverPath: withoutScheme(view.provisioning.baseUrl),
      // Check every 1440 minutes (provisioning.auto.minute): T-GRPv2 "YesUpgradeMin", T-GXV and T-WP820 "CheckbyPeriod".
      autoMode: android ? "CheckbyPeriod" : "YesUpgradeMin",
    };
    if (!("timezone" in view)) return { grandstream: server };
    const posix = grandstreamTimeZone(view.timezone);
    const languages = LANGUAGE_CODES[product];
    return {
      grandstream: {
        ...server,
        timeZone: posix,
        // GRP261x: customize + the self-defined rule; GXV: the zone's name; WP820: the rule itself.
        timeZoneAlias: product === "gxv" ? (GXV_ZONE_NAMES[view.timezone.name] ?? view.timezone.name) : product === "wp820" ? posix : "customize",
        customZone: android ? null : posix,
        authIdKey: android ? "userId" : "userid",
        languageAlias: languages[view.language.code] ?? languages.en,
        languageP: languages[view.language.code] ?? "en",
        transportAlias: ALIAS_TRANSPORT[view.sip.transport],
        transportP: P_TRANSPORT[view.sip.transport],
        accounts: withNumbers(view.lines),
        unusedAccounts: withNumbers(view.unusedLines),
      },
    };
  },
  operator: grandstreamKeys,
  settings: grandstreamSettings,
} satisfies TemplateSet;
