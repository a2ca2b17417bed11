import type { Code } from './choice-codes';
import {
  PUNCTUATION,
  applyEdit,
  buildChoices,
  currentWord,
  editFor,
  inAddress,
  previousWord,
  quickUndoAfter,
  type SpellItem,
  type SpellPage,
} from './speller';
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
export function typeable(text: string, alphabet: readonly string[], cased = false): string {
  // With every character on offer, only spaces are made single.
  if (cased)
    return text
      .replace(/[^\x20-\x7e\p{L}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
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

export interface SpellingCostOptions {
  completions: boolean;
  base?: number;
  keepSteps?: boolean;
  /** Type the text as it is (capitals, digits, marks), not lower-cased. */
  cased?: boolean;
  /** The field takes an address (type=email or url). */
  address?: boolean;
  /**
   * Model the undo the speller offers after each item (one selection after
   * an unlikely character): it takes codes from the rest. Default true.
   */
  undo?: boolean;
}

/** Selections to type `text` choosing, at each step, the item that gets furthest along it. */
export function spellingCost(
  text: string,
  model: WordModel,
  options: SpellingCostOptions = { completions: true },
): SpellingCost {
  const base = options.base ?? 4;
  const k = options.completions ? 4 : 0;
  const target = typeable(text, model.alphabet, options.cased);
  let typed = '';
  let selections = 0;
  let items = 0;
  let completionsUsed = 0;
  let undo: false | true | 'quick' = false;
  const steps: { codes: Code[]; wanted: number }[] = [];
  const choose = (page: SpellPage) => {
    const prediction = model.predict(currentWord(typed), previousWord(typed), k);
    const choices = buildChoices(prediction, typed, base, {
      completions: k,
      page,
      address: options.address,
      undo: options.undo === false ? false : undo,
    });
    const literal = inAddress(typed, options.address);
    let best: { i: number; after: string } | undefined;
    choices.items.forEach((item, i) => {
      if (!isTextItem(item)) return;
      const after = applyEdit(typed, editFor(item, typed, literal));
      if (after.length <= typed.length || !onTheWay(after, target, literal)) return;
      if (!best || after.length > best.after.length) best = { i, after };
    });
    return { choices, best };
  };
  // A finished text may end in the space a completion or a mark adds.
  const done = () => typed === target || typed === `${target} `;
  while (!done()) {
    if (items > 4 * target.length + 10) throw new Error(`spellingCost: no progress at "${typed}"`);
    let { choices, best } = choose('letters');
    if (!best) {
      // Not on the letters page: "more", then the character there.
      const more = choices.items.findIndex((i) => i.kind === 'more');
      selections += choices.codes[more].length;
      if (options.keepSteps) steps.push({ codes: choices.codes, wanted: more });
      items++;
      ({ choices, best } = choose('more'));
    }
    if (!best)
      throw new Error(`spellingCost: cannot type "${target.slice(typed.length, typed.length + 1)}" after "${typed}"`);
    selections += choices.codes[best.i].length;
    if (options.keepSteps) steps.push({ codes: choices.codes, wanted: best.i });
    items++;
    const kind = choices.items[best.i].kind;
    if (kind === 'word') completionsUsed++;
    // The speller offers an undo after a finished word, and after an unlikely character (one selection).
    const item = choices.items[best.i];
    undo = quickUndoAfter(choices, item) ? 'quick' : item.kind !== 'letter' && item.kind !== 'symbol';
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
  item.kind === 'word' ||
  item.kind === 'letter' ||
  item.kind === 'space' ||
  item.kind === 'punctuation' ||
  item.kind === 'symbol';

/**
 * Whether `after` is a step towards `target`: a prefix of it, or a word
 * with the space a completion adds where the text goes on with a mark
 * (the mark then takes the space's place).
 */
function onTheWay(after: string, target: string, literal: boolean): boolean {
  if (target.startsWith(after) || after === `${target} `) return true;
  // In an address a mark does not take a space's place.
  if (literal || !after.endsWith(' ')) return false;
  const word = after.slice(0, -1);
  return target.startsWith(word) && /[.,?!]/.test(target[word.length] ?? '');
}
