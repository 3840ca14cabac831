// Fanvil's `DefaultLanguage` numbers, by ISO 639-1 code. Codes not listed get English (0).
export const FANVIL_LANGUAGES: Readonly<Record<string, string>> = {
  en: "0",
  nl: "3",
  fr: "4",
  it: "7",
  es: "10",
  de: "16",
};
