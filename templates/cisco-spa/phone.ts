// How a Cisco SPA asks for its files and reads them (shared/PHONES.md, the SPA provisioning guide). The MPP
// family (cisco-mpp) reads the same flat profile and expands the same macros.
import { colons, endpoint, merge, mustHave, nonEmptyMatching, readFile, resolveUrl } from "../../tools/simulator/read";
import { BootFailure, type BootContext, type Phone, type Settings } from "../../tools/simulator/types";
import { parseXml } from "../../tools/simulator/xml";
import { USER_AGENTS } from "./user-agents";

/**
 * A `<flat-profile>`: one element per setting (attributes such as ua="na" aside), entities decoded; a repeated
 * element takes its last value, as the provisioning guide says.
 */
export function parseFlatProfile(xml: string): Settings {
  const root = parseXml(xml);
  if (root.name !== "flat-profile") throw new Error(`root is ${root.name}, not flat-profile`);
  if (root.children.length === 0) throw new Error("flat-profile holds no settings");
  const settings: Settings = new Map();
  for (const child of root.children) {
    if (child.children.length > 0) throw new Error(`${child.name} is not a plain setting`);
    settings.set(child.name, child.text);
  }
  return settings;
}

/**
 * The macros the phone fills into Profile_Rule itself: $MA (MAC lowercase), $MAU (uppercase), $MAC (lowercase
 * with colons), $PSN (product series, when the phone has one), also written $(NAME); $$ is a dollar sign.
 * Any other `$` throws: what the phone would ask for is then not known.
 */
export function expandCiscoMacros(rule: string, mac: string, psn?: string): string {
  const values: Record<string, string> = { MA: mac.toLowerCase(), MAU: mac.toUpperCase(), MAC: colons(mac.toLowerCase()) };
  if (psn !== undefined) values.PSN = psn;
  return rule.replace(/\$(\$|\((\w+)\)|MAU|MAC|MA|PSN|\w*)/g, (_all, bare: string, inParens: string | undefined) => {
    if (bare === "$") return "$";
    const name = inParens ?? bare;
    const value = values[name];
    if (value === undefined) throw new Error(`macro $${name} is not one the simulator expands`);
    return value;
  });
}

/** The URL a rule names: after its `[--options]` prefix, macros expanded, relative to the provisioning root. */
export function ruleUrl(rule: string, mac: string, base: string, psn?: string): string {
  return resolveUrl(base, expandCiscoMacros(rule.replace(/^\s*\[[^\]]*\]\s*/, "").trim(), mac, psn));
}

export const ciscoCommon = {
  parse: parseFlatProfile,
  next(generic: Settings, mac: string) {
    const rule = generic.get("Profile_Rule");
    if (!rule) throw new BootFailure("the file sets no Profile_Rule");
    return ruleUrl(rule, mac, "");
  },
  line(settings: Settings, n: number) {
    const get = (name: string) => settings.get(`${name}_${n}_`);
    if (get("Line_Enable") !== "Yes") return { enabled: get("Line_Enable") === "No" ? false : undefined };
    const proxy = get("Outbound_Proxy");
    return {
      enabled: true,
      username: get("User_ID"),
      // With Use_Auth_ID off the phone authenticates as User_ID.
      authUsername: get("Use_Auth_ID") === "Yes" ? get("Auth_ID") : get("User_ID"),
      password: get("Password"),
      displayName: get("Display_Name"),
      registrar: get("Proxy"),
      outboundProxy: get("Use_Outbound_Proxy") === "Yes" && proxy ? endpoint(proxy) : null,
    };
  },
  languages: (settings: Settings) => [settings.get("Language_Selection")],
  timeZone: (settings: Settings) => settings.get("Time_Zone"),
  recheckMinutes: (settings: Settings) =>
    settings.get("Provision_Enable") === "Yes" ? Number(settings.get("Resync_Periodic") ?? 0) / 60 : 0,
  credentials: (settings: Settings) => [
    ...nonEmptyMatching(settings, /^(User_ID|Password|Auth_ID)_\d+_$/),
    ...nonEmptyMatching(settings, /^Profile_Rule(_[A-D])?$/).filter((rule) => /--(uid|pwd)\b/.test(rule)),
  ],
  provisioningUser: (settings: Settings) => /--uid\s+(\S+)/.exec(settings.get("Profile_Rule") ?? "")?.[1],
};

/** Fetch the first profile, then the one its Profile_Rule names; the second one's settings win. */
export async function ciscoBoot(ctx: BootContext, firstFile: string, psn?: string): Promise<Settings> {
  const first = readFile(parseFlatProfile, mustHave(await ctx.get(`${ctx.base}/${firstFile}`, "generic profile"), "the generic profile"), "the generic profile");
  const rule = first.get("Profile_Rule");
  if (!rule) throw new BootFailure(`${firstFile} sets no Profile_Rule: the phone stays on its generic profile`);
  const url = ruleUrl(rule, ctx.mac, ctx.base, psn);
  const own = readFile(parseFlatProfile, mustHave(await ctx.get(url, "MAC profile (Profile_Rule)"), "the MAC profile"), "the MAC profile");
  return merge(first, own);
}

export const ciscoSpaPhone: Phone = {
  examples: USER_AGENTS,
  ...ciscoCommon,
  userAgent(model, mac) {
    // The SPA names itself as in its first file: spa504G.cfg is a SPA504G.
    const name = model.genericFile.replace(/^spa/i, "SPA").replace(/\.cfg$/i, "");
    return `Cisco/${name}-7.6.2 (${mac.toUpperCase()})(CBT1234567A)`;
  },
  boot: (ctx) => ciscoBoot(ctx, ctx.model.genericFile),
};

export default ciscoSpaPhone;
