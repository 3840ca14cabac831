// Languages a phone UI can be set to, by ISO 639-1 code. Both built-in families (and most vendors)
// name the UI language in English, so templates get the English name next to the code.
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
