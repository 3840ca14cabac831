// Fanvil's `DefaultLanguage` values, by ISO 639-1 code. Two sets, by firmware generation (NOTES.md): the older X
// models (X2-X6) take numbers, the newer ones (X7, X7C, X-U, X210) take short codes of Fanvil's own.
// Languages missing from a set get English.
export const FANVIL_LANGUAGE_NUMBERS: Readonly<Record<string, string>> = {
  en: "0",
  nl: "3",
  fr: "4",
  it: "7",
  es: "10",
  de: "16",
};

export const FANVIL_LANGUAGE_CODES: Readonly<Record<string, string>> = {
  en: "en", zh: "cn", ru: "ru", it: "it", fr: "fr", de: "de", he: "he", es: "es", ca: "cat", eu: "eus", tr: "tr",
  sk: "slo", cs: "cz", nl: "nl", ko: "ko", uk: "ua", pt: "pt", pl: "pl", ar: "ar",
};

/** The models that take codes: wazo's `_NEW_MODEL_REGEX` over the model's name, X3U added (same generation as X4U). */
export function takesLanguageCodes(modelName: string): boolean {
  return /\bX([3-9][UC]|210i?|7)\b/i.test(modelName);
}
