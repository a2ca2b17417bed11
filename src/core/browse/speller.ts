import { type Code, type NarrowResult, Narrowing, weightedCodes } from './choice-codes';
import type { Prediction } from './word-model';

/**
 * The speller's choices at each step: completions of the word being typed,
 * the letters, space, punctuation and the commands, each with a code over
 * the targets sized by how likely it is next. Pure: the content script shows
 * the groups and applies the edits to the page's field.
 */
export type SpellItem =
  | { kind: 'word'; word: string }
  | { kind: 'letter'; char: string }
  | { kind: 'space' }
  | { kind: 'punctuation'; char: string }
  /** A character typed as it is (capitals, digits, every printable ASCII mark): no space added or taken. */
  | { kind: 'symbol'; char: string }
  /** Opens the page of capitals, digits and marks for the next character. */
  | { kind: 'more' }
  /** Back from that page to the letters and words. */
  | { kind: 'letters' }
  | { kind: 'delete' }
  | { kind: 'delete-word' }
  | { kind: 'submit' }
  | { kind: 'done' }
  /** Takes back the last action (offered for a few seconds after it). */
  | { kind: 'undo' };

/** What an item does to the text before the caret: remove that many characters, then insert. */
export type SpellEdit =
  | { kind: 'text'; remove: number; insert: string }
  | { kind: 'submit' }
  | { kind: 'done' }
  | { kind: 'undo' }
  | { kind: 'page'; page: SpellPage };

/**
 * Which choices a step offers: the letters page (words, lower-case letters,
 * space, the common marks, commands, and "more"), or the page of every
 * other printable character, opened by "more" for one character.
 */
export type SpellPage = 'letters' | 'more';

const DIGITS = [...'0123456789'];
/** Printable ASCII apart from letters, digits and space. */
export const ASCII_MARKS = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
/**
 * How often each mark is wanted on the "more" page, next to 1 for the rest
 * (addresses: @ . / : - _; then the marks of dates, prices and searches).
 */
const MARK_SHARE: Record<string, number> = {
  '@': 6,
  '.': 6,
  '/': 5,
  ':': 4,
  '-': 3,
  _: 2,
  '#': 2,
  '+': 2,
  '?': 2,
  '=': 2,
  '&': 2,
  '%': 1.5,
  '(': 1.5,
  ')': 1.5,
  '"': 1.5,
  "'": 1.5,
  ',': 1.5,
};
/** Shares of the "more" page: capitals (at a word's start / inside a word), digits, marks, back to letters. */
const MORE_SHARE = { capitalsAtStart: 0.45, capitalsInside: 0.15, digits: 0.3, letters: 0.03 };

/** Marks that end a sentence or a clause: they take the place of the space a completion added, and bring their own. */
const CLOSING = ['.', ',', '?', '!'];
/** Marks that sit inside a word. */
const JOINING = ["'", '-'];
export const PUNCTUATION = [...CLOSING, ...JOINING];

/** How often each mark ends a word, relative to a space (the rest of the "word ends" share). */
const PUNCTUATION_SHARE: Record<string, number> = {
  '.': 0.06,
  ',': 0.08,
  '?': 0.015,
  '!': 0.005,
  "'": 0.005,
  '-': 0.005,
};
/** Weights of the commands, next to 1 for all the text items together. */
const COMMAND_WEIGHT = { delete: 0.04, 'delete-word': 0.015, submit: 0.015, done: 0.008, undo: 0.05, more: 0.02 };
/** In an address ("more" is wanted far more often there: dots, slashes, digits). */
const MORE_WEIGHT_IN_ADDRESS = 0.1;

/**
 * A character chosen with less than this probability is the likeliest to
 * be a wrong look: its undo gets a one-selection code in the next step.
 * Likely letters are taken back with delete (a one-selection undo after
 * every letter costs 22 % more selections per character of plain text; after
 * these, 2 %: spellingCost on the held-out text).
 */
export const QUICK_UNDO_BELOW = 0.02;

/** Whether the undo of `item`, chosen from `choices`, takes one selection (a single unlikely character). */
export function quickUndoAfter(choices: SpellChoices, item: SpellItem): boolean {
  if (item.kind !== 'letter' && item.kind !== 'symbol') return false;
  const i = choices.items.findIndex((x) => sameItem(x, item));
  const total = choices.weights.reduce((s, w) => s + w, 0);
  return i >= 0 && total > 0 && choices.weights[i] / total < QUICK_UNDO_BELOW;
}

/** Share spread evenly over all items at first, so nothing is out of reach; grown until every code fits the limit. */
const FIRST_FLOOR = 0.01;

/** The word being typed: the letters (and inner ' or -) just before the caret. */
export function currentWord(before: string): string {
  return /[\p{L}'-]*$/u.exec(before)?.[0] ?? '';
}

/** The finished word before the current one (for "this word often follows that one"). */
export function previousWord(before: string): string | undefined {
  return previousWordAt(before)?.word;
}

/** The finished word before the current one, and where it starts in `before`. */
export function previousWordAt(before: string): { word: string; start: number } | undefined {
  const rest = before.slice(0, before.length - currentWord(before).length);
  const m = /(\p{L}+(?:['-]\p{L}+)*)[^\p{L}]*$/u.exec(rest);
  return m ? { word: m[1], start: m.index } : undefined;
}

/**
 * Whether the text ends in an address (an e-mail address, a web address, a
 * path): marks and completions then add no space. `field` says the field
 * itself takes one (type=email or url).
 */
export function inAddress(before: string, field = false): boolean {
  if (field) return true;
  const token = /\S*$/u.exec(before)?.[0] ?? '';
  return /@|:\/\/|^www\.|\//u.test(token);
}

/**
 * What selecting `item` does to the text before the caret. In an address
 * (`literal`) a completion adds no space and a mark is typed as it is.
 */
export function editFor(item: SpellItem, before: string, literal = false): SpellEdit {
  switch (item.kind) {
    case 'word': {
      const typed = currentWord(before);
      // An elided word ("qu'", "j'") runs into the next one.
      const space = item.word.endsWith("'") || literal ? '' : ' ';
      // Keep what is typed when the word starts with it exactly (no needless rewrite of the field),
      // and keep a capital the person typed ("J" + "ust", not "just").
      if (
        item.word.startsWith(typed) ||
        (/\p{Lu}/u.test(typed) && item.word.toLowerCase().startsWith(typed.toLowerCase()))
      )
        return { kind: 'text', remove: 0, insert: item.word.slice(typed.length) + space };
      return { kind: 'text', remove: typed.length, insert: item.word + space };
    }
    case 'letter':
    case 'symbol':
      return { kind: 'text', remove: 0, insert: item.char };
    case 'space':
      return { kind: 'text', remove: 0, insert: ' ' };
    case 'more':
      return { kind: 'page', page: 'more' };
    case 'letters':
      return { kind: 'page', page: 'letters' };
    case 'punctuation':
      if (CLOSING.includes(item.char) && !literal) {
        // "brain " + "." -> "brain. ": the mark takes the place of the space after a word.
        const afterWord = /\p{L} $/u.test(before);
        return { kind: 'text', remove: afterWord ? 1 : 0, insert: `${item.char} ` };
      }
      return { kind: 'text', remove: 0, insert: item.char };
    case 'delete':
      return { kind: 'text', remove: before.length > 0 ? [...before].slice(-1)[0].length : 0, insert: '' };
    case 'delete-word': {
      // The last word with what follows it ("brain computer " -> "brain "), or a run of marks.
      const m = /(?:[\p{L}'-]+[^\p{L}\s]*|[^\p{L}\s]+)\s*$|\s+$/u.exec(before);
      return { kind: 'text', remove: m ? m[0].length : 0, insert: '' };
    }
    case 'submit':
      return { kind: 'submit' };
    case 'done':
      return { kind: 'done' };
    case 'undo':
      return { kind: 'undo' };
  }
}

/** The text after applying an edit (the speller's own idea of the field; the page may disagree). */
export function applyEdit(before: string, edit: SpellEdit): string {
  if (edit.kind !== 'text') return before;
  return before.slice(0, before.length - edit.remove) + edit.insert;
}

/** Words shown for an item in the groups and on the targets: plain, short. */
export function itemLabel(item: SpellItem): string {
  switch (item.kind) {
    case 'word':
      return item.word;
    case 'letter':
      return item.char;
    case 'punctuation':
    case 'symbol':
      return item.char;
    case 'more':
      return 'ABC 123 @#…';
    case 'letters':
      return 'abc';
    case 'space':
      return 'space';
    case 'delete':
      return 'delete';
    case 'delete-word':
      return 'delete word';
    case 'submit':
      return 'enter';
    case 'done':
      return 'done';
    case 'undo':
      return 'undo';
  }
}

export interface SpellChoices {
  /** In reading order: completions, letters alphabetically, then space, marks and commands. */
  items: SpellItem[];
  weights: number[];
  codes: Code[];
}

export interface SpellOptions {
  /** How many completions to offer (0: letters only). */
  completions?: number;
  /** Longest code allowed; default: one more than the shortest that could reach every item (4 with 4 targets). */
  maxLength?: number;
  /**
   * An undo is offered now: it becomes one of the choices; 'quick' (right
   * after one character) gives it a one-selection code.
   */
  undo?: boolean | 'quick';
  /** Which page of choices (default: letters). */
  page?: SpellPage;
  /** The field takes an address (type=email or url): no spaces after completions and marks. */
  address?: boolean;
  /**
   * A secret field: which targets were selected (the relay passes every
   * selection on) must not tell what was typed. The weights then ignore
   * the text, and the letters, space and marks get their codes dealt at
   * random at every step, with numbers in [0, 1) from this source.
   */
  dealt?: () => number;
}

/** The items of one step, their weights from the prediction, and codes over `base` targets. */
export function buildChoices(
  prediction: Prediction,
  before: string,
  base: number,
  options: SpellOptions = {},
): SpellChoices {
  const { items, weights } =
    options.dealt !== undefined
      ? secretItems(prediction, options)
      : options.page === 'more'
        ? morePage(prediction, before, options)
        : lettersPage(prediction, before, options);
  // The pages of many items (more, secret) are kept to the fewest selections that can reach them all.
  const many = options.dealt !== undefined || options.page === 'more';
  const codes = fitCodes(weights, base, options.maxLength ?? (many ? shortestReaching(items.length, base) : undefined));
  if (options.undo === 'quick') quicken(codes, items, weights, base, options.maxLength);
  if (options.dealt) deal(codes, items, options.dealt);
  return { items, weights, codes };
}

type Items = { items: SpellItem[]; weights: number[] };

function collector(): Items & { add: (item: SpellItem, w: number) => void } {
  const items: SpellItem[] = [];
  const weights: number[] = [];
  return { items, weights, add: (item, w) => (items.push(item), weights.push(w)) };
}

/** The commands every page ends with; `hasText`: there is something to delete. */
function addCommands(
  add: (item: SpellItem, w: number) => void,
  hasText: boolean,
  atWordStart: boolean,
  options: SpellOptions,
) {
  add({ kind: 'delete' }, hasText ? COMMAND_WEIGHT.delete : 0);
  // Right after a finished word, taking it back is likelier (a wrong completion).
  add({ kind: 'delete-word' }, hasText ? COMMAND_WEIGHT['delete-word'] * (atWordStart ? 2 : 1) : 0);
  add({ kind: 'submit' }, COMMAND_WEIGHT.submit * (hasText && atWordStart ? 3 : 1));
  add({ kind: 'done' }, COMMAND_WEIGHT.done);
  if (options.undo) add({ kind: 'undo' }, COMMAND_WEIGHT.undo);
}

/** Words, lower-case letters, space, the common marks, "more" and the commands. */
function lettersPage(prediction: Prediction, before: string, options: SpellOptions): Items {
  const typed = currentWord(before).toLowerCase();
  const { items, weights, add } = collector();
  const offered = prediction.words.filter((w) => w.word.toLowerCase() !== typed).slice(0, options.completions ?? 4);
  const completionMass = offered.reduce((s, w) => s + w.p, 0);
  for (const w of offered) add({ kind: 'word', word: w.word }, w.p);
  const rest = Math.max(0, 1 - completionMass);
  const next = prediction.nextLetters;
  for (const c of prediction.alphabet) add({ kind: 'letter', char: c }, rest * (next[c] ?? 0));
  const ends = rest * (next[' '] ?? 0);
  const marks = Object.values(PUNCTUATION_SHARE).reduce((s, x) => s + x, 0);
  const atWordStart = typed === '';
  // Two spaces in a row are rare; a space at a word's end is what usually comes.
  add({ kind: 'space' }, atWordStart ? 0 : ends * (1 - marks));
  for (const c of PUNCTUATION) add({ kind: 'punctuation', char: c }, atWordStart ? 0 : ends * PUNCTUATION_SHARE[c]);
  add({ kind: 'more' }, inAddress(before, options.address) ? MORE_WEIGHT_IN_ADDRESS : COMMAND_WEIGHT.more);
  addCommands(add, before.trim().length > 0, atWordStart, options);
  return { items, weights };
}

/**
 * Capitals (as likely as their small letters would be here), digits and
 * every printable ASCII mark, typed as they are, then back to the letters.
 */
function morePage(prediction: Prediction, before: string, options: SpellOptions): Items {
  const atWordStart = currentWord(before) === '';
  const { items, weights, add } = collector();
  const capitals = capitalsOf(prediction.alphabet);
  const capitalShare = atWordStart ? MORE_SHARE.capitalsAtStart : MORE_SHARE.capitalsInside;
  const next = prediction.nextLetters;
  const letterMass = capitals.reduce((s, [small]) => s + (next[small] ?? 0), 0);
  for (const [small, capital] of capitals) {
    const p = letterMass > 0 ? (next[small] ?? 0) / letterMass : 1 / capitals.length;
    add({ kind: 'letter', char: capital }, capitalShare * p);
  }
  for (const d of DIGITS) add({ kind: 'symbol', char: d }, MORE_SHARE.digits / DIGITS.length);
  const markShare = 1 - capitalShare - MORE_SHARE.digits;
  const markTotal = ASCII_MARKS.reduce((s, c) => s + (MARK_SHARE[c] ?? 1), 0);
  for (const c of ASCII_MARKS) add({ kind: 'symbol', char: c }, (markShare * (MARK_SHARE[c] ?? 1)) / markTotal);
  add({ kind: 'letters' }, MORE_SHARE.letters);
  addCommands(add, before.trim().length > 0, atWordStart, options);
  return { items, weights };
}

/**
 * A secret field: every character on one page, all alike, and no words (a
 * secret is no word). Which page a character is on would tell what kind it
 * is, so there is one page; the codes are dealt at random.
 */
function secretItems(prediction: Prediction, options: SpellOptions): Items {
  const { items, weights, add } = collector();
  for (const c of prediction.alphabet) add({ kind: 'letter', char: c }, 1);
  for (const [, capital] of capitalsOf(prediction.alphabet)) add({ kind: 'letter', char: capital }, 1);
  for (const d of DIGITS) add({ kind: 'symbol', char: d }, 1);
  add({ kind: 'space' }, 1);
  for (const c of ASCII_MARKS) add({ kind: 'symbol', char: c }, 1);
  const text = items.length;
  weights.forEach((_, i) => (weights[i] = 1 / text));
  addCommands(add, true, true, options);
  return { items, weights };
}

/** Each letter of the alphabet with its capital (letters without a one-letter capital, like ß, have none). */
function capitalsOf(alphabet: readonly string[]): [string, string][] {
  return alphabet.flatMap((c): [string, string][] => {
    const capital = c.toUpperCase();
    return capital !== c && [...capital].length === 1 ? [[c, capital]] : [];
  });
}

/**
 * Gives the undo a one-selection code on the last target; the other items
 * get codes over the other targets (each a little longer on average), with
 * the same longest code where they fit in it.
 */
function quicken(codes: Code[], items: SpellItem[], weights: number[], base: number, maxLength?: number): void {
  const u = items.findIndex((i) => i.kind === 'undo');
  if (u < 0 || base < 3) return;
  const limit = Math.max(...codes.map((c) => c.length));
  const rest = weights.filter((_, i) => i !== u);
  const fits = (base - 1) ** limit >= rest.length;
  const sub = fitCodes(rest, base - 1, maxLength ?? (fits ? limit : limit + 1));
  let k = 0;
  for (let i = 0; i < codes.length; i++) codes[i] = i === u ? [base - 1] : sub[k++];
}

const isText = (item: SpellItem) =>
  item.kind === 'letter' || item.kind === 'space' || item.kind === 'punctuation' || item.kind === 'symbol';

/** Shuffles the codes of the text items among them (Fisher-Yates), in place. */
function deal(codes: Code[], items: SpellItem[], random: () => number): void {
  const at = items.flatMap((item, i) => (isText(item) ? [i] : []));
  for (let k = at.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [codes[at[k]], codes[at[j]]] = [codes[at[j]], codes[at[k]]];
  }
}

/** The fewest selections that give `n` items a code each over `base` targets. */
function shortestReaching(n: number, base: number): number {
  return Math.max(1, Math.ceil(Math.log(n) / Math.log(base) - 1e-9));
}

/**
 * Huffman codes over the targets, with a floor under every weight so that no
 * code is longer than the limit: the floor starts small and doubles until
 * the codes fit (with all weights equal they always do).
 */
function fitCodes(weights: number[], base: number, maxLength?: number): Code[] {
  const n = weights.length;
  const limit = maxLength ?? Math.max(1, Math.ceil(Math.log(n) / Math.log(base) - 1e-9)) + 1;
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  for (let floor = FIRST_FLOOR; floor < 1; floor *= 2) {
    const codes = weightedCodes(
      weights.map((w) => (1 - floor) * (w / total) + floor / n),
      base,
    );
    if (codes.every((c) => c.length <= limit)) return codes;
  }
  return weightedCodes(
    weights.map(() => 1),
    base,
    limit,
  );
}

/**
 * One step after another: the current choices, narrowed digit by digit.
 * After an item is chosen, the caller applies its edit and calls `set` with
 * the text as the field now has it and a new prediction.
 */
export class Speller {
  private current: SpellChoices = { items: [], weights: [], codes: [] };
  private narrowing = new Narrowing<SpellItem>([], [], 2);
  private text = '';

  constructor(
    readonly base: number,
    readonly options: SpellOptions = {},
  ) {}

  /** The text before the caret, and what the model expects after it (and whether an undo is offered). */
  set(
    before: string,
    prediction: Prediction,
    extra: Pick<SpellOptions, 'undo' | 'dealt' | 'page' | 'address'> = {},
  ): void {
    this.text = before;
    this.current = buildChoices(prediction, before, this.base, { ...this.options, ...extra });
    this.narrowing = new Narrowing(this.current.items, this.current.codes, this.base);
  }

  get before(): string {
    return this.text;
  }

  get choices(): SpellChoices {
    return this.current;
  }

  /** Digits selected so far in this step. */
  get prefix(): readonly number[] {
    return this.narrowing.prefix;
  }

  /** What each target leads to now (empty: a spare target). */
  groups(): SpellItem[][] {
    return this.narrowing.groups();
  }

  /** Items still reachable with the digits left to select (for the test hook and the bench). */
  candidates(): { item: SpellItem; rest: Code }[] {
    return this.narrowing.candidates().map(({ item, rest }) => ({ item, rest }));
  }

  select(digit: number): NarrowResult<SpellItem> {
    return this.narrowing.select(digit);
  }

  /** Takes back the last digit; false at the first digit of a step. */
  back(): boolean {
    return this.narrowing.back();
  }

  /** The code of an item in this step, if it is offered. */
  codeOf(match: (item: SpellItem) => boolean): Code | undefined {
    const i = this.current.items.findIndex(match);
    return i < 0 ? undefined : this.current.codes[i];
  }
}

export const sameItem = (a: SpellItem, b: SpellItem): boolean => JSON.stringify(a) === JSON.stringify(b);
