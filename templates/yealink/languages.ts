// Yealink's language values, by ISO 639-1 code: `lang.gui` (the phone's screen) and `lang.wui` (its web
// page) take English language names, and the two lists differ only for Chinese (Yealink's administrator
// guide, "Language" parameters; wazo's Yealink plugin writes the same names). Codes the firmware has no
// language for get English.
export interface YealinkLanguage {
  gui: string;
  wui: string;
}

const same = (name: string): YealinkLanguage => ({ gui: name, wui: name });

export const YEALINK_LANGUAGES: Readonly<Record<string, YealinkLanguage>> = {
  de: same("German"),
  en: same("English"),
  es: same("Spanish"),
  fr: same("French"),
  it: same("Italian"),
  pl: same("Polish"),
  pt: same("Portuguese"),
  ru: same("Russian"),
  tr: same("Turkish"),
  zh: { gui: "Chinese Simplified", wui: "Chinese_S" },
};
