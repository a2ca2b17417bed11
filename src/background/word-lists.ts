import type { SpellerLanguage } from '../core/protocol/layout';

/** Where a language's word list sits in the built extension (copied there by vite.config.ts). */
export const wordListPath = (language: SpellerLanguage): string => `words/${language}.txt`;
