// Languages a phone UI can be set to, by ISO 639-1 code, with their English names: the view gives
// templates both, and a family whose firmware spells them its own way maps the code in its languages.ts.
export const LANGUAGES: Readonly<Record<string, string>> = {
  ar: "Arabic",
  ca: "Catalan",
  cs: "Czech",
  da: "Danish",
  de: "German",
  el: "Greek",
  en: "English",
  es: "Spanish",
  eu: "Basque",
  fi: "Finnish",
  fr: "French",
  he: "Hebrew",
  hu: "Hungarian",
  it: "Italian",
  ja: "Japanese",
  ko: "Korean",
  nb: "Norwegian",
  nl: "Dutch",
  pl: "Polish",
  pt: "Portuguese",
  ro: "Romanian",
  ru: "Russian",
  sk: "Slovak",
  sl: "Slovenian",
  sv: "Swedish",
  tr: "Turkish",
  uk: "Ukrainian",
  zh: "Chinese",
};

export function isLanguage(code: string): boolean {
  return Object.hasOwn(LANGUAGES, code);
}
