/**
 * What the speller expects to be typed next: a ranked word list (most
 * frequent first) turned into probabilities by Zipf's law, plus the words the
 * user has finished before, which count more than the list. Pure: the
 * service worker holds one per language, tests and the bench build their own.
 */

/** A word the model proposes, and its probability among the words that fit the prefix. */
export interface WordChoice {
  word: string;
  p: number;
}

/** What may come next after a prefix. Travels in a runtime message, so plain JSON. */
export interface Prediction {
  /** The likeliest words that start with the prefix and are longer than it, best first. */
  words: WordChoice[];
  /**
   * Probability of each next character of the current word among the words
   * not offered as completions; ' ' is "the word ends here". Sums to 1 (or
   * is empty when nothing is known). Unsmoothed: the speller keeps every
   * letter reachable.
   */
  nextLetters: Record<string, number>;
  /** The language's letters, lower case, in alphabetical order. */
  alphabet: string[];
}

/** A word the user finished, and how often (kept in IndexedDB by the service worker). */
export interface LearnedWord {
  word: string;
  count: number;
  /** The word typed just before it, when it followed one. */
  previous?: string;
}

/**
 * Characters a word is made of: letters, an apostrophe or hyphen inside it
 * ("don't", "daisy-chain"), or an apostrophe at its end (French "qu'", "j'").
 */
const WORD = /^\p{L}+(?:['-]\p{L}+)*'?$/u;
export const isWord = (s: string): boolean => WORD.test(s);

/**
 * Zipf-Mandelbrot: the word of rank r (from 1) is used in proportion to
 * 1 / (r + 2.7), which fits English and similar languages well enough for
 * ordering completions and sizing letter groups.
 */
const ZIPF_SHIFT = 2.7;
/**
 * How many uses the whole list is worth next to the user's own words: one
 * use of a learned word outranks every list word after the first few (those
 * share 1/LIST_WEIGHT of the mass at most), and after a few hundred typed
 * words the user's vocabulary carries most of the weight.
 */
const LIST_WEIGHT = 50;
/** How many uses the general probability is worth next to "this word followed that one". */
const PAIR_WEIGHT = 3;
/** Share of the next-letter guess given to letter pairs (so an unknown word still gets a useful guess). */
const BACKOFF = 0.05;
/** A letter outside a-z joins the alphabet when at least this share of the list's letters are it. */
const LETTER_SHARE = 1e-4;

export class WordModel {
  /** Lower-case word -> probability from the list. */
  private readonly listP = new Map<string, number>();
  /** Lower-case word -> how it is written (German nouns keep their capital). */
  private readonly forms = new Map<string, string>();
  private readonly learned = new Map<string, number>();
  private learnedTotal = 0;
  private readonly pairs = new Map<string, number>();
  private readonly pairTotals = new Map<string, number>();
  /** Previous character ('' at the start of a word) -> next character (' ' at the end) -> weight. */
  private readonly charPairs = new Map<string, Map<string, number>>();
  readonly alphabet: string[];

  /** `ranked`: the list, most frequent first (duplicates in other letter cases count once, at their best rank). */
  constructor(ranked: readonly string[], learned: readonly LearnedWord[] = []) {
    let rank = 0;
    const weights = new Map<string, number>();
    for (const raw of ranked) {
      const form = raw.trim().normalize('NFC');
      if (!isWord(form)) continue;
      const key = form.toLowerCase();
      rank++;
      if (!weights.has(key)) weights.set(key, 1 / (rank + ZIPF_SHIFT));
      // The lower-case spelling wins when the list has both ("Ich" at a sentence start, "ich").
      if (!this.forms.has(key) || form === key) this.forms.set(key, form);
    }
    const total = [...weights.values()].reduce((s, w) => s + w, 0);
    for (const [w, x] of weights) this.listP.set(w, x / total);
    this.alphabet = alphabetOf(this.listP);
    for (const [w, p] of this.listP) this.addCharPairs(w, p);
    for (const l of learned) this.learn(l.word, l.previous, l.count);
  }

  /** Words the list and the user know. */
  get size(): number {
    let n = this.listP.size;
    for (const w of this.learned.keys()) if (!this.listP.has(w)) n++;
    return n;
  }

  /** Counts a finished word (and the word before it). Returns false for something that is not a word. */
  learn(word: string, previous?: string, count = 1): boolean {
    const key = word.normalize('NFC').toLowerCase();
    if (!isWord(key) || !(count > 0)) return false;
    this.learned.set(key, (this.learned.get(key) ?? 0) + count);
    this.learnedTotal += count;
    if (!this.forms.has(key)) this.forms.set(key, word);
    const prev = previous?.toLowerCase();
    if (prev && isWord(prev)) {
      const pair = `${prev} ${key}`;
      this.pairs.set(pair, (this.pairs.get(pair) ?? 0) + count);
      this.pairTotals.set(prev, (this.pairTotals.get(prev) ?? 0) + count);
    }
    return true;
  }

  /** Probability of a word (lower case), after `previous` when given. */
  probability(word: string, previous?: string): number {
    const p =
      (LIST_WEIGHT * (this.listP.get(word) ?? 0) + (this.learned.get(word) ?? 0)) / (LIST_WEIGHT + this.learnedTotal);
    const prev = previous?.toLowerCase();
    const seen = prev ? (this.pairTotals.get(prev) ?? 0) : 0;
    if (!prev || seen === 0) return p;
    return ((this.pairs.get(`${prev} ${word}`) ?? 0) + PAIR_WEIGHT * p) / (seen + PAIR_WEIGHT);
  }

  /**
   * Completions of `prefix` (the `completions` likeliest longer words) and
   * the next-letter distribution over the other words that fit it.
   */
  predict(prefix: string, previous?: string, completions = 4): Prediction {
    const pre = prefix.toLowerCase();
    const matches: WordChoice[] = [];
    let mass = 0;
    const consider = (w: string) => {
      if (!w.startsWith(pre)) return;
      const p = this.probability(w, previous);
      if (p <= 0) return;
      matches.push({ word: w, p });
      mass += p;
    };
    for (const w of this.listP.keys()) consider(w);
    for (const w of this.learned.keys()) if (!this.listP.has(w)) consider(w);
    matches.sort((a, b) => b.p - a.p || (a.word < b.word ? -1 : 1));
    const offered = completions > 0 ? matches.filter((m) => m.word.length > pre.length).slice(0, completions) : [];
    const offeredSet = new Set(offered.map((m) => m.word));
    const fromWords = new Map<string, number>();
    let rest = 0;
    for (const m of matches) {
      if (offeredSet.has(m.word)) continue;
      const next = m.word.length > pre.length ? m.word[pre.length] : ' ';
      fromWords.set(next, (fromWords.get(next) ?? 0) + m.p);
      rest += m.p;
    }
    const backoff = this.charPairs.get(pre.slice(-1)) ?? new Map<string, number>();
    const backoffTotal = [...backoff.values()].reduce((s, x) => s + x, 0);
    const share = rest > 0 ? BACKOFF : 1;
    const next = new Map<string, number>();
    if (rest > 0) for (const [c, x] of fromWords) next.set(c, (1 - share) * (x / rest));
    if (backoffTotal > 0) for (const [c, x] of backoff) next.set(c, (next.get(c) ?? 0) + share * (x / backoffTotal));
    // An unknown word can end anywhere.
    if (pre !== '' && rest === 0) next.set(' ', (next.get(' ') ?? 0) + 0.1);
    const sum = [...next.values()].reduce((s, x) => s + x, 0);
    const nextLetters: Record<string, number> = {};
    for (const [c, x] of next) nextLetters[c] = x / sum;
    return {
      words: offered.map((m) => ({ word: this.forms.get(m.word) ?? m.word, p: mass > 0 ? m.p / mass : 0 })),
      nextLetters,
      alphabet: this.alphabet,
    };
  }

  private addCharPairs(word: string, p: number): void {
    const chars = [...word, ' '];
    let prev = '';
    for (const c of chars) {
      let row = this.charPairs.get(prev);
      if (!row) this.charPairs.set(prev, (row = new Map<string, number>()));
      row.set(c, (row.get(c) ?? 0) + p);
      prev = c;
    }
  }
}

/** a-z and the other letters the language's words use often enough (é, ß, ñ...), alphabetically. */
function alphabetOf(words: Map<string, number>): string[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const [w, p] of words) {
    for (const c of w) {
      if (!/\p{L}/u.test(c)) continue;
      counts.set(c, (counts.get(c) ?? 0) + p);
      total += p;
    }
  }
  const letters = new Set('abcdefghijklmnopqrstuvwxyz');
  for (const [c, x] of counts) if (x / total >= LETTER_SHARE) letters.add(c);
  return [...letters].sort((a, b) => a.localeCompare(b));
}
