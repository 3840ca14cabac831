// `lcl.ml.lang` values of Poly UC Software, by ISO 639-1 code: the language dictionaries UC Software ships
// (templates/polycom/NOTES.md). Codes not listed (Czech and Finnish among them: no such dictionary in the
// public lists) get US English.
export const POLYCOM_LANGUAGES: Readonly<Record<string, string>> = {
  da: "Danish_Denmark",
  de: "German_Germany",
  en: "English_United_States",
  es: "Spanish_Spain",
  fr: "French_France",
  it: "Italian_Italy",
  ja: "Japanese_Japan",
  ko: "Korean_Korea",
  nb: "Norwegian_Norway",
  nl: "Dutch_Netherlands",
  pl: "Polish_Poland",
  pt: "Portuguese_Portugal",
  ru: "Russian_Russia",
  sl: "Slovenian_Slovenia",
  sv: "Swedish_Sweden",
  zh: "Chinese_China",
};
