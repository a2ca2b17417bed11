import type { Code } from './choice-codes';
import { PUNCTUATION, applyEdit, buildChoices, currentWord, editFor, previousWord, type SpellItem } from './speller';
import type { WordModel } from './word-model';

/**
 * How many selections a user who never errs needs to type a text with the
 * speller, with or without completions: the figure behind characters per
 * minute (`npm run bench -- browsing` adds accuracy and time per selection).
 */
export interface SpellingCost {
  /** The text as the speller can type it (see `typeable`). */
  text: string;
  characters: number;
  /** Target selections (each digit of each item's code). */
  selections: number;
  /** Items chosen (letters, completions, spaces, marks). */
  items: number;
  completionsUsed: number;
  /** With `keepSteps`: each step's codes and the item wanted (for models of wrong selections). */
  steps?: { codes: Code[]; wanted: number }[];
}

/**
 * The text in the speller's characters: lower case, letters of the
 * alphabet, single spaces and the marks it offers. Quotes and brackets are
 * dropped, colons and semicolons become commas, other characters go.
 */
export function typeable(text: string, alphabet: readonly string[]): string {
  const letters = new Set(alphabet);
  const out = text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[;:]/g, ',')
    // Quotation marks: an apostrophe that is not between two letters.
    .replace(/(^|[^\p{L}])'|'(?=[^\p{L}]|$)/gu, '$1')
    .replace(/[^\s]/gu, (c) => (letters.has(c) || PUNCTUATION.includes(c) ? c : ' '))
    .replace(/\s+/g, ' ')
    .replace(/ ([.,?!])/g, '$1')
    .trim();
  return out;
}

/** Selections to type `text` choosing, at each step, the item that gets furthest along it. */
export function spellingCost(
  text: string,
  model: WordModel,
  options: { completions: boolean; base?: number; keepSteps?: boolean } = { completions: true },
): SpellingCost {
  const base = options.base ?? 4;
  const k = options.completions ? 4 : 0;
  const target = typeable(text, model.alphabet);
  let typed = '';
  let selections = 0;
  let items = 0;
  let completionsUsed = 0;
  const steps: { codes: Code[]; wanted: number }[] = [];
  // A finished text may end in the space a completion or a mark adds.
  const done = () => typed === target || typed === `${target} `;
  while (!done()) {
    if (items > 4 * target.length + 10) throw new Error(`spellingCost: no progress at "${typed}"`);
    const prediction = model.predict(currentWord(typed), previousWord(typed), k);
    const choices = buildChoices(prediction, typed, base, { completions: k });
    let best: { i: number; after: string } | undefined;
    choices.items.forEach((item, i) => {
      if (!isTextItem(item)) return;
      const after = applyEdit(typed, editFor(item, typed));
      if (after.length <= typed.length || !onTheWay(after, target)) return;
      if (!best || after.length > best.after.length) best = { i, after };
    });
    if (!best) throw new Error(`spellingCost: cannot type "${target.slice(typed.length, typed.length + 1)}"`);
    selections += choices.codes[best.i].length;
    if (options.keepSteps) steps.push({ codes: choices.codes, wanted: best.i });
    items++;
    if (choices.items[best.i].kind === 'word') completionsUsed++;
    typed = best.after;
  }
  return {
    text: target,
    characters: target.length,
    selections,
    items,
    completionsUsed,
    ...(options.keepSteps ? { steps } : {}),
  };
}

const isTextItem = (item: SpellItem) =>
  item.kind === 'word' || item.kind === 'letter' || item.kind === 'space' || item.kind === 'punctuation';

/**
 * Whether `after` is a step towards `target`: a prefix of it, or a word
 * with the space a completion adds where the text goes on with a mark
 * (the mark then takes the space's place).
 */
function onTheWay(after: string, target: string): boolean {
  if (target.startsWith(after) || after === `${target} `) return true;
  if (!after.endsWith(' ')) return false;
  const word = after.slice(0, -1);
  return target.startsWith(word) && /[.,?!]/.test(target[word.length] ?? '');
}
