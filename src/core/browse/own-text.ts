import { currentWord, previousWordAt } from './speller';

/**
 * Which part of a field's text the speller typed itself, so that only the
 * person's own words are learned: a page's pre-filled value, text a page
 * inserts, or a carer's typing must never enter the dictionary (a page
 * could otherwise plant words that are then suggested on every site).
 *
 * It follows the text before the caret: the speller's own part is its end,
 * from `from` on. Whenever the field holds something else than the speller
 * left in it, none of it counts as typed by the speller any more.
 */
export class OwnText {
  /** The text before the caret as the speller last left it. */
  private last: string | undefined;
  /** Where the speller's own typing starts in `last`. */
  private from = 0;

  /** The text before the caret as read from the field now. */
  read(before: string): void {
    const text = plain(before);
    if (text === this.last) return;
    this.last = text;
    this.from = text.length;
  }

  /**
   * The speller removed `remove` characters before the caret of `before`
   * and inserted its own text, and the field now reads `after` (checked to
   * be what was meant).
   */
  edited(before: string, remove: number, after: string): void {
    this.read(before);
    this.from = Math.min(this.from, plain(before).length - remove);
    this.last = plain(after);
  }

  /**
   * The word that ends `text` (a text the field holds or is about to hold,
   * sharing its start with the last one read) and the word before it, each
   * only if the speller typed it all; undefined when the word is not its own.
   */
  learnable(text: string): { word: string; previous?: string } | undefined {
    const t = plain(text);
    const word = currentWord(t);
    const start = t.length - word.length;
    if (word === '' || start < this.from) return undefined;
    const previous = previousWordAt(t);
    return { word, previous: previous && previous.start >= this.from ? previous.word : undefined };
  }
}

/** Text boxes hold no-break spaces where a space was typed. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');
