// The alias-XML products do not spell their settings alike (NOTES.md, "Alias spellings by product"): the
// GRP261x template (T-GRPv2) has a self-defined POSIX zone, `sip.subscriber.userid` and `YesUpgradeMin`; the
// Android GXV33xx and WP820 templates (T-GXV, T-WP820) take the zone itself (an IANA name on the GXV, a POSIX
// rule on the WP820), `sip.subscriber.userId` and `CheckbyPeriod`, and each its own language codes. P-value
// products differ in one code: Czech is `cs` on the GXP16xx (T-16xx) and `cz` on the GXP21xx (T-21xx).
// Shared by the view (what we write) and the simulator (which keys a unit of the product knows).

/** Which spelling a Grandstream model's files use, from its catalog name (`Grandstream GXV3350`). */
export type GrandstreamProduct = "gxv" | "wp820" | "grp" | "gxp16" | "pvalues";

export function grandstreamProduct(modelName: string): GrandstreamProduct {
  if (/\bGXV33\d\d\b/i.test(modelName)) return "gxv";
  if (/\bWP820\b/i.test(modelName)) return "wp820";
  if (/\bGXP16\d\d\b/i.test(modelName)) return "gxp16";
  if (/\b(GXP1[67]|GXP21|GRP260|WP810|HT8)\d*/i.test(modelName)) return "pvalues";
  // GRP261x and a custom model of the family: the GRP261x alias spelling (index.ts `variants`).
  return "grp";
}

/** The Android products: the zone by name or rule (no self-defined zone), the auth id as `userId`. */
export const isAndroid = (product: GrandstreamProduct) => product === "gxv" || product === "wp820";

/**
 * Display language codes by ISO 639-1 code, per product (`language.gui`, P1362). Languages missing from a
 * product's table get its English.
 */
const COMMON: Readonly<Record<string, string>> = {
  ar: "ar", de: "de", en: "en", es: "es", fr: "fr", he: "he", hu: "hu", it: "it", ja: "ja", ko: "ko",
  nl: "nl", pl: "pl", pt: "pt", ru: "ru", sl: "sl", tr: "tr", zh: "zh",
};
export const LANGUAGE_CODES: Readonly<Record<GrandstreamProduct, Readonly<Record<string, string>>>> = {
  gxp16: { ...COMMON, cs: "cs", sv: "se" },
  pvalues: { ...COMMON, cs: "cz", sv: "se" },
  grp: { ...COMMON, cs: "cz", sv: "se" },
  gxv: { ...COMMON, cs: "cz", sv: "sv", uk: "uk" },
  // Locale names; T-WP820 lists no Czech, Hungarian, Korean or Swedish.
  wp820: {
    ar: "ar_EG", de: "de_DE", en: "en_US", es: "es_ES", fr: "fr_FR", he: "iw_IL", it: "it_IT", ja: "ja_JP",
    nl: "nl_NL", pl: "pl_PL", pt: "pt_PT", ru: "ru_RU", sl: "sl_SI", tr: "tr_TR", uk: "uk_UA", zh: "zh_CN",
  },
};

/**
 * The names T-GXV's time-zone list spells with an older IANA name (the Android phone's own list); any other
 * zone is written as the IANA name the company has.
 */
export const GXV_ZONE_NAMES: Readonly<Record<string, string>> = {
  "Asia/Kolkata": "Asia/Calcutta",
  "Asia/Kathmandu": "Asia/Katmandu",
  "Asia/Yangon": "Asia/Rangoon",
  "America/Nuuk": "America/Godthab",
  "America/Argentina/Buenos_Aires": "America/Buenos_Aires",
  "Europe/Kyiv": "Europe/Kiev",
};
