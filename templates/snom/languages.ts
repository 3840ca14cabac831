// Snom's `language` / `web_language` values (each language in its own name, ASCII), by ISO 639-1 code.
// Codes not listed get English.
export const SNOM_LANGUAGES: Readonly<Record<string, string>> = {
  cs: "Cestina",
  da: "Dansk",
  de: "Deutsch",
  en: "English",
  es: "Espanol",
  fi: "Suomi",
  fr: "Francais",
  he: "Hebrew",
  it: "Italiano",
  ja: "Japanese",
  nb: "Norsk",
  nl: "Nederlands",
  pl: "Polski",
  pt: "Portugues",
  ru: "Russian",
  sk: "Slovencina",
  sl: "Slovenscina",
  sv: "Svenska",
  tr: "Turkce",
  zh: "Chinese",
};
