import { type Code } from '../../core/browse/choice-codes';
import {
  applyEdit,
  currentWord,
  editFor,
  inAddress,
  itemLabel,
  previousWord,
  quickUndoAfter,
  type SpellItem,
  type SpellPage,
  Speller,
} from '../../core/browse/speller';
import { OwnText } from '../../core/browse/own-text';
import type { Prediction } from '../../core/browse/word-model';
import { HINT_ALPHABETS, type SpellerLanguage } from '../../core/protocol/layout';
import type { TargetView } from '../overlay';
import { browsingSettings } from '../page-settings';
import { type Choice, digitOf, type Mode, type ModeHost, type Outcome, type Undo } from '../modes/mode';
import { type PanelGroup, TypingPanel } from './panel';
import { TextField } from './text-field';
import { NO_PREDICTION, runtimeWords, type Words } from './words-client';

/** A page that puts its own text back does so within an event loop turn or two; then the field is read again. */
const SETTLE_MS = 60;
/** How many of a group's items a target's label names. */
const LABEL_ITEMS = 3;

const quote = (s: string) => `"${s}"`;
/** The end of a long text, for a message. */
const tail = (s: string) => (s.length > 30 ? `…${s.slice(-30)}` : s);

/** A number in [0, 1) no page can predict (codes in a secret field are dealt with it). */
const secureRandom = () => crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;

/** What an edit in a secret field did, saying nothing of the text. */
function privateOutcome(item: SpellItem): Outcome {
  switch (item.kind) {
    case 'delete':
      return { text: 'Deleted a character', did: 'delete' };
    case 'delete-word':
      return { text: 'Deleted a word', did: 'delete-word' };
    default:
      return { text: 'Typed a character', did: 'type' };
  }
}

/** For test builds: what the speller offers now (the scripted gaze reads the codes from it). */
export interface TypingState {
  /** The choices may still change (the word list's answer is on its way). */
  pending: boolean;
  text: string;
  before: string;
  message?: string;
  /** Per target position (digit): the labels it leads to. */
  groups: string[][];
  /** Every item still reachable, with the digits left to select. */
  candidates: { label: string; kind: SpellItem['kind']; rest: Code }[];
}

/**
 * Typing into a field of the page with the targets: the speller's groups
 * narrowed digit by digit, each chosen item applied to the field through
 * the page's own input paths and checked. Each finished word can be taken
 * back, and is learned (on this computer) for later completions.
 */
export class TypingMode implements Mode {
  readonly name = 'typing' as const;
  readonly field: TextField;
  private host?: ModeHost;
  private speller?: Speller;
  private panel?: TypingPanel;
  private prediction: Prediction = NO_PREDICTION;
  /** The prediction for the current step, once the service worker answered. */
  private ready: Promise<void> = Promise.resolve();
  private message?: { text: string; problem: boolean };
  /** The undo the host offers now, and the one this step's choices include (kept to the step's end). */
  private undo?: Undo;
  private stepUndo?: Undo;
  /** What the panel shows, to redraw only on change (four times a second would churn the page). */
  private drawn = '';
  /** Bumped on every new step: a late answer for an older step is dropped. */
  private step = 0;
  /**
   * A chosen item is being applied (the edit, then the wait for the page to
   * settle): the field's new text is the speller's own, not the page's, and
   * the step after it starts when it is done.
   */
  private applying = false;
  /** Waiting for the service worker's prediction of this step. */
  private pending = false;
  /** What of the field's text the speller typed (only that is learned). */
  private readonly own = new OwnText();
  /** The language's letters, asked for once, for a secret field. */
  private letters?: Promise<Prediction | undefined>;
  /** Once seen to be secret, the field stays so while the speller is open on it (a page may drop the marks). */
  private secretSeen = false;
  /** The page of choices: "more" (capitals, digits, marks) lasts for one character. */
  private page: SpellPage = 'letters';

  constructor(
    field: TextField | Element,
    readonly language: SpellerLanguage,
    private readonly words: Words = runtimeWords,
    /** Instead of sending the field's form: what "enter" does with the text (the address box). */
    private readonly submitTo?: (text: string) => Promise<Outcome>,
  ) {
    const f = field instanceof TextField ? field : TextField.of(field);
    if (!f) throw new Error('TypingMode: not a field that takes text');
    this.field = f;
  }

  enter(host: ModeHost): void {
    this.host = host;
    const layout = host.layout();
    if (this.speller?.base !== layout.targets.length) this.speller = new Speller(layout.targets.length);
    this.panel?.remove();
    this.panel = new TypingPanel(host.overlay, layout);
    this.drawn = '';
    this.field.focus();
    const refused = this.field.refusal();
    if (refused) this.say(refused, true);
    this.newStep();
  }

  leave(): void {
    this.panel?.remove();
    this.panel = undefined;
    this.host = undefined;
  }

  /**
   * A secret field (core/browse/sensitive-field): letters only, nothing
   * learned, and no outcome, log or message says what was typed or offered.
   */
  private get sensitive(): boolean {
    this.secretSeen ||= this.field.sensitive;
    return this.secretSeen;
  }

  /** Whether the field the speller types into has the keyboard focus (simulated gaze keys then belong to the speller). */
  ownsFocus(): boolean {
    return this.field.focused();
  }

  offerUndo(undo: Undo | undefined): void {
    this.undo = undo;
    // A new offer comes as a step starts. An ended offer stays among this step's choices: the codes
    // must not change under a look (taking the word back late is still checked against the field).
    if (undo && (this.speller?.prefix.length ?? 0) === 0) this.rebuild();
  }

  views(): Map<number, TargetView> {
    const views = new Map<number, TargetView>();
    const layout = this.host?.layout();
    if (!layout || !this.speller) return views;
    const symbols = HINT_ALPHABETS[browsingSettings().hintAlphabet];
    const groups = this.speller.groups();
    layout.targets.forEach((t, digit) => {
      const g = groups[digit] ?? [];
      const label =
        g.length === 0
          ? this.speller!.prefix.length === 0
            ? 'Stop typing'
            : 'Back'
          : `${symbols[digit] ?? ''} ${g.slice(0, LABEL_ITEMS).map(itemLabel).join(' ')}${g.length > LABEL_ITEMS ? '…' : ''}`;
      views.set(t.index, { label, enabled: true });
    });
    return views;
  }

  async select(index: number): Promise<Outcome> {
    await this.ready;
    const host = this.host;
    const speller = this.speller;
    if (!host || !speller) return { text: 'Typing is closed' };
    const digit = digitOf(host.layout(), index);
    const r = speller.select(digit);
    if (r.kind === 'spare') {
      if (speller.back()) {
        this.draw();
        return { text: 'One step back' };
      }
      host.pop(this);
      return { text: 'Stopped typing' };
    }
    if (r.kind === 'narrowed') {
      this.draw();
      const symbol = HINT_ALPHABETS[browsingSettings().hintAlphabet][digit] ?? '';
      // Which letters are left would give the secret away, a target at a time.
      if (this.sensitive) return { text: `${symbol} (private field)` };
      // What is left to choose from, as the panel shows it.
      const left = speller.candidates().map((c) => itemLabel(c.item));
      return { text: `${symbol} ${left.slice(0, 6).join(' ')}${left.length > 6 ? ' …' : ''}` };
    }
    this.applying = true;
    try {
      return await this.choose(r.item, quickUndoAfter(speller.choices, r.item));
    } finally {
      this.applying = false;
    }
  }

  /** Every 250 ms: the field may have gone, or its text changed (the page, or a carer typing). */
  refresh(): void {
    if (!this.field.el.isConnected) {
      const host = this.host;
      host?.toast('The field is gone from the page: stopped typing');
      host?.pop(this);
      return;
    }
    // Mid-edit the field already differs from the step's text: reading it now would count the speller's own
    // text as the page's (that word would never be learned) and start a second step beside the chosen one's.
    if (this.applying) return;
    if (this.speller && this.speller.prefix.length === 0 && this.field.before() !== this.speller.before) this.newStep();
    else this.draw();
  }

  private async choose(item: SpellItem, quickUndo: boolean): Promise<Outcome> {
    const host = this.host!;
    const before = this.field.before();
    const edit = editFor(item, before, inAddress(before, this.field.takesAddress));
    switch (edit.kind) {
      case 'page':
        this.page = edit.page;
        this.newStep();
        return { text: edit.page === 'more' ? 'Capitals, digits and marks' : 'Letters' };
      case 'done':
        host.pop(this);
        return { text: 'Stopped typing' };
      case 'undo': {
        const undo = this.stepUndo;
        this.undo = this.stepUndo = undefined;
        const text = undo ? await undo.run() : 'Nothing to undo';
        this.newStep();
        return { text, did: undo ? 'undo' : undefined };
      }
      case 'submit': {
        if (this.submitTo) {
          const text = this.field.text().trim();
          if (!text) return { text: 'Nothing typed yet' };
          this.learnFinished(before);
          host.pop(this);
          return this.submitTo(text);
        }
        this.own.read(before);
        this.learnFinished(before);
        // The space a completion added is not part of what the person means to send.
        const space = /\s+$/.exec(before)?.[0].length ?? 0;
        if (space > 0 && this.field.text() === before) this.field.edit(space, '');
        const submitted = this.field.submit();
        // The browser's reason may tell a secret's length ("you are currently using 3 characters").
        const text =
          this.sensitive && submitted.startsWith('Not sent') ? 'Not sent: the form is not complete' : submitted;
        this.say(text, text.startsWith('Not'));
        this.newStep();
        return { text, did: text.startsWith('Not') ? undefined : 'submit' };
      }
      case 'text':
        return this.type(item, edit.remove, edit.insert, quickUndo);
    }
  }

  /** Applies a text edit to the field and checks it took, then says what changed. */
  private async type(item: SpellItem, remove: number, insert: string, quickUndo: boolean): Promise<Outcome> {
    const before = this.field.before();
    this.own.read(before);
    if (remove === 0 && insert === '') {
      this.say('Nothing to delete', false);
      this.newStep();
      return { text: 'Nothing to delete' };
    }
    const expected = applyEdit(before, { kind: 'text', remove, insert });
    const result = this.field.edit(remove, insert);
    if (result.ok) await new Promise((r) => setTimeout(r, SETTLE_MS));
    const now = this.field.before().replace(/\u00a0/g, ' ');
    if (!result.ok || now !== expected) {
      const reason = !result.ok
        ? `${result.reason}: nothing typed`
        : now === before
          ? 'The page did not take the text'
          : this.sensitive
            ? 'The page changed the text'
            : `The page changed the text to ${quote(tail(now))}`;
      this.say(reason, true);
      this.newStep();
      return { text: reason, did: result.ok && now !== before ? 'type' : undefined };
    }
    this.own.edited(before, remove, now);
    this.page = 'letters';
    const outcome = this.sensitive ? privateOutcome(item) : this.describe(item, before, now, quickUndo);
    this.say(outcome.text, false);
    // The next step is built with its undo at once: the host's offer of the same undo then changes no code
    // (a one-selection undo moves every other code, which must not happen under a look).
    if (outcome.undo) this.undo = outcome.undo;
    this.newStep();
    return outcome;
  }

  /** What a successful edit did, and for a finished word, how to take it back. */
  private describe(item: SpellItem, before: string, after: string, quickUndo: boolean): Outcome {
    switch (item.kind) {
      case 'delete':
        return { text: `Deleted ${quote(before.slice(after.length))}`, did: 'delete' };
      case 'delete-word':
        return { text: `Deleted ${quote(before.slice(after.length).trim())}`, did: 'delete-word' };
      case 'letter':
      case 'symbol':
        // An unlikely character (the likeliest wrong look) is taken back with one selection; a likely one
        // with delete (an undo after every letter would take codes from every next letter).
        return {
          text: quote(item.char),
          did: 'type',
          undo: quickUndo
            ? {
                label: `Delete ${quote(item.char)}`,
                single: true,
                run: () => {
                  const r = this.field.removeAt(before.length, item.char);
                  this.newStep();
                  return r.ok ? `Deleted ${quote(item.char)}` : `${r.reason}: nothing deleted`;
                },
              }
            : undefined,
        };
      default: {
        // A completion, or a space or mark after letters: a word is finished.
        const typed = currentWord(before);
        const word = item.kind === 'word' ? item.word : typed;
        if (!word || (item.kind !== 'word' && typed === '')) {
          return { text: item.kind === 'space' ? 'Space' : quote(itemLabel(item)), did: 'type' };
        }
        this.learnFinished(before.slice(0, before.length - typed.length) + word);
        const start = before.length - typed.length;
        const segment = after.slice(start);
        return {
          text: `Typed ${quote(word)}`,
          did: 'type-word',
          undo: {
            label: `Delete ${quote(word)}`,
            run: () => {
              const r = this.field.removeAt(start, segment);
              this.newStep();
              return r.ok ? `Deleted ${quote(word)}` : `${r.reason}: nothing deleted`;
            },
          },
        };
      }
    }
  }

  /** Learns the word that ends `text`, if the speller typed it (never from a secret field). */
  private learnFinished(text: string): void {
    if (this.sensitive) return;
    const own = this.own.learnable(text);
    if (!own || !/\p{L}/u.test(own.word)) return;
    this.words.learn(this.language, own.word.replace(/^['-]+|[-]+$/g, ''), own.previous);
  }

  private say(text: string, problem: boolean): void {
    this.message = { text, problem };
  }

  /** A new step: the choices for the text as the field has it now. */
  private newStep(): void {
    const before = this.field.before();
    this.own.read(before);
    const step = ++this.step;
    this.pending = true;
    this.prediction = NO_PREDICTION;
    this.rebuild(before);
    // A secret field asks for the letters alone: no word is predicted from what it holds.
    const question = this.sensitive
      ? this.secretLetters()
      : this.words.predict(this.language, currentWord(before), previousWord(before));
    this.ready = question
      .then((p) => {
        if (step !== this.step || !p) return;
        this.prediction = p;
        this.rebuild(before);
      })
      .finally(() => {
        if (step === this.step) this.pending = false;
      });
  }

  /** The language's letters, asked for once (asked again after no answer). */
  private secretLetters(): Promise<Prediction | undefined> {
    this.letters ??= this.words.letters(this.language).then((p) => {
      if (!p) this.letters = undefined;
      return p;
    });
    return this.letters;
  }

  /** Choices from the current prediction; only at the start of a step. */
  private rebuild(before = this.speller?.before ?? this.field.before()): void {
    if (!this.speller || this.speller.prefix.length > 0) return;
    this.stepUndo = this.undo;
    const sensitive = this.sensitive;
    this.speller.set(before, this.prediction, {
      undo: this.stepUndo ? (this.stepUndo.single ? 'quick' : true) : false,
      dealt: sensitive ? secureRandom : undefined,
      page: sensitive ? 'letters' : this.page,
      address: this.field.takesAddress,
    });
    this.draw();
  }

  private draw(): void {
    const host = this.host;
    if (!this.panel || !host || !this.speller) return;
    const layout = host.layout();
    const symbols = HINT_ALPHABETS[browsingSettings().hintAlphabet];
    const groups = this.speller.groups();
    const text = this.field.text();
    const before = this.field.before();
    const secret = this.field.masked;
    const atStart = this.speller.prefix.length === 0;
    const panelGroups: PanelGroup[] = layout.targets.map((t, digit) => ({
      symbol: symbols[digit] ?? String(digit + 1),
      color: t.color,
      back: (groups[digit] ?? []).length > 0 ? undefined : atStart ? 'Stop typing' : 'Back: one step back',
      items: (groups[digit] ?? []).map((item) => ({
        label: itemLabel(item),
        kind:
          item.kind === 'word'
            ? 'word'
            : item.kind === 'letter' || item.kind === 'punctuation' || item.kind === 'symbol'
              ? 'letter'
              : 'command',
      })),
    }));
    const state = {
      text: secret ? '•'.repeat([...text].length) : text,
      caret: secret ? [...before].length : before.length,
      message: this.message,
      groups: panelGroups,
    };
    const key = JSON.stringify(state);
    if (key === this.drawn) return;
    this.drawn = key;
    this.panel.draw(state);
  }

  /** For test builds. */
  choices(): Choice[] {
    return this.state().candidates.map((c) => ({ label: c.label, rest: c.rest }));
  }

  state(): TypingState {
    const speller = this.speller;
    return {
      pending: this.pending,
      text: this.field.text(),
      before: this.field.before(),
      message: this.message?.text,
      groups: speller ? speller.groups().map((g) => g.map(itemLabel)) : [],
      candidates: speller
        ? speller.candidates().map(({ item, rest }) => ({ label: itemLabel(item), kind: item.kind, rest }))
        : [],
    };
  }
}
