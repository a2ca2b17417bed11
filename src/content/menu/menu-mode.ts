import { type Code, Narrowing } from '../../core/browse/choice-codes';
import { listCodes, menuCodes, menuEntries, type MenuEntry, usableFavourites } from '../../core/browse/menu';
import { type BrowsingSettings, type Favourite, type Layout, wakeTarget } from '../../core/protocol/layout';
import type { TabEntry } from '../../core/protocol/messages';
import { ask } from '../../extension/messaging';
import { canGoBack } from '../actions';
import type { TargetView } from '../overlay';
import { UNDO_MS } from '../modes/host';
import { type Choice as ModeChoice, digitOf, type Mode, type ModeHost, type Outcome } from '../modes/mode';
import { symbolOf } from './code-chips';
import { MenuPanel } from './menu-panel';
import { atBottom, atTop, canGoForward, goBack, goForward, openPage, reload, scrollScreen } from './navigation';
import { switchTab, windowTabs } from './tabs';

/**
 * The menu opened from the Menu target: navigation, tabs, the start page
 * and favourites, sleep and call for help, each reached by a short code.
 * The target that opened it is kept out of every code: at every step it
 * means Back (Close menu at the first step). Unused for 20 seconds, the
 * menu closes by itself.
 */
export const MENU_IDLE_MS = 20_000;

export interface MenuOptions {
  /** Opens hint mode over the page (after the menu closed); false: nothing to choose here. Absent: not offered. */
  chooseOnPage?(): boolean;
  /** Opens the speller on an address box (after the menu closed). Absent: not offered. */
  goToAddress?(): boolean;
  /** Opens the speller for the first letters of what to choose; hints follow on those that match. */
  findByWords?(): boolean;
  /** Puts the targets to sleep (only the wake target stays). */
  sleep(): void;
  browsing(): BrowsingSettings;
  /** The carer's start page (Control.homePage). */
  homePage(): string | undefined;
  /** Closes after this long without a selection (ms; MENU_IDLE_MS unless a test build shortens it). */
  idleMs?: number;
}

interface Choice {
  label: string;
  /** What the square says when it leads to this one alone (a square holds about 16 letters). */
  short?: string;
  /** False: shown (greyed, keeping its code) but it cannot act on this page now. */
  enabled: boolean;
  run(): Promise<Outcome>;
}

interface Step {
  title: string;
  choices: Choice[];
  codes: Code[];
  narrowing: Narrowing<Choice>;
  /** A submenu (tabs, favourites): Back at its first step returns to the menu. */
  sub: boolean;
}

/** What the menu shows now (test builds read it through the stimulus-log hook). */
export interface MenuSnapshot {
  title: string;
  prefix: number[];
  items: { label: string; code: Code; enabled: boolean }[];
  back: { label: string; code: Code };
}

const shown: { menu?: MenuMode } = {};
export const menuSnapshot = (): MenuSnapshot | undefined => shown.menu?.snapshot();

export class MenuMode implements Mode {
  readonly name = 'menu' as const;
  private host?: ModeHost;
  private panel?: MenuPanel;
  private step?: Step;
  private tabs: TabEntry[] = [];
  private readonly tabsListed: Promise<void>;
  private idleTimer = 0;

  constructor(private readonly options: MenuOptions) {
    this.tabsListed = windowTabs().then((t) => void (this.tabs = t));
  }

  /** Other tabs where the targets are drawn: switching anywhere else would leave the person without them. */
  private switchable(): TabEntry[] {
    return this.tabs.filter((t) => !t.current && t.targets);
  }

  private layout(): Layout {
    return this.host!.layout();
  }

  private get base(): number {
    return this.layout().targets.length;
  }

  /** The digit kept for Back: the place of the target that opens the menu (the last place if none does). */
  private get reserved(): number {
    const menuTarget = wakeTarget(this.layout());
    const d = menuTarget ? digitOf(this.layout(), menuTarget.index) : -1;
    return d >= 0 ? d : this.base - 1;
  }

  enter(host: ModeHost): void {
    this.host = host;
    shown.menu = this;
    this.panel = new MenuPanel(
      host.overlay,
      () => host.layout(),
      () => this.options.browsing().hintAlphabet,
    );
    this.touch();
    if (this.step) this.draw();
    // The tab list takes up to half a second (each tab tells its title); a slow one waits no longer.
    else void this.whenListed().then(() => this.openMain());
  }

  leave(): void {
    clearTimeout(this.idleTimer);
    this.panel?.hide();
    this.panel = undefined;
    this.host = undefined;
    if (shown.menu === this) shown.menu = undefined;
  }

  private whenListed(): Promise<void> {
    return Promise.race([this.tabsListed, new Promise<void>((r) => setTimeout(r, 1500))]);
  }

  /** Nothing chosen for 20 s: the menu closes itself. */
  private touch(): void {
    clearTimeout(this.idleTimer);
    const ms = this.options.idleMs ?? MENU_IDLE_MS;
    this.idleTimer = window.setTimeout(() => {
      const host = this.host;
      if (!host) return;
      host.toast(`Menu closed: nothing was chosen for ${Math.round(ms / 1000)} seconds`);
      host.pop(this);
    }, ms);
  }

  private close(): void {
    this.host?.pop(this);
  }

  private setStep(title: string, choices: Choice[], codes: Code[], sub: boolean): void {
    this.step = { title, choices, codes, narrowing: new Narrowing(choices, codes, this.base), sub };
    this.draw();
  }

  private openMain(): void {
    if (!this.host) return;
    const entries = menuEntries({
      canChoose: this.options.chooseOnPage !== undefined,
      canGoBack: canGoBack(),
      canGoForward: canGoForward(),
      canScrollUp: !atTop(),
      canScrollDown: !atBottom(),
      otherTabs: this.switchable().length,
      startPage: this.options.homePage(),
      favourites: this.options.browsing().favourites,
      currentUrl: location.href,
    });
    this.setStep(
      'Menu',
      entries.map((e) => ({ label: e.label, short: e.short, enabled: e.enabled, run: () => this.run(e) })),
      menuCodes(entries, this.base, this.reserved),
      false,
    );
  }

  private openList<T>(title: string, items: T[], label: (t: T) => string, run: (t: T) => Promise<Outcome>): Outcome {
    this.setStep(
      title,
      items.map((t) => ({ label: label(t), enabled: true, run: () => run(t) })),
      listCodes(items.length, this.base, this.reserved),
      true,
    );
    return { text: title };
  }

  /** Closes the menu first: what it does next happens on the page (or opens another mode). */
  private async run(e: MenuEntry): Promise<Outcome> {
    const covered = this.host!.overlay.coveredBands();
    if (e.id === 'switch-tab') {
      const here = this.tabs.find((t) => t.current);
      const others = this.switchable();
      const without = this.tabs.length - others.length - (here ? 1 : 0);
      return this.openList(
        without > 0
          ? `Switch to which tab? (${without} more ${without > 1 ? 'tabs cannot' : 'tab cannot'} show the squares)`
          : 'Switch to which tab?',
        others,
        (t) => t.title,
        (t) => this.closeThen(() => switchTab(t, here, UNDO_MS)),
      );
    }
    if (e.id === 'favourites' && !e.favourite) {
      return this.openList(
        'Open which favourite?',
        usableFavourites(this.options.browsing().favourites),
        (f) => f.name,
        (f) => this.closeThen(() => openFavourite(f)),
      );
    }
    return this.closeThen(async (): Promise<Outcome> => {
      switch (e.id) {
        case 'choose':
          return this.options.chooseOnPage?.()
            ? { text: 'Choose: look at the colours of what you want', did: 'open-hints' }
            : { text: 'Nothing to choose here' };
        case 'back':
          return goBack();
        case 'forward':
          return goForward();
        case 'reload':
          return reload();
        case 'scroll-up':
          return scrollScreen(-1, covered);
        case 'scroll-down':
          return scrollScreen(1, covered);
        case 'start-page':
          return openPage(this.options.homePage()!, 'the start page', 'open-start-page');
        case 'favourites':
          return openFavourite(e.favourite!);
        case 'sleep':
          this.options.sleep();
          return { text: 'Asleep: look at the wake square for a while to wake the targets', did: 'sleep' };
        case 'help':
          return callForHelp();
        case 'switch-tab':
          return { text: 'Switch tab' };
        case 'address':
          return this.options.goToAddress?.()
            ? { text: 'Type an address or what to search for', did: 'open-address' }
            : { text: 'Cannot type an address here' };
        case 'find':
          return this.options.findByWords?.()
            ? { text: 'Spell the first letters of its words', did: 'open-find' }
            : { text: 'Nothing to choose here' };
      }
    });
  }

  private async closeThen(act: () => Promise<Outcome>): Promise<Outcome> {
    this.close();
    return act();
  }

  async select(index: number): Promise<Outcome> {
    this.touch();
    if (!this.step) await this.whenListed();
    const step = this.step;
    if (!step || !this.host) return { text: 'The menu is not ready yet' };
    const digit = digitOf(this.layout(), index);
    const r = digit === this.reserved ? { kind: 'spare' as const } : step.narrowing.select(digit);
    switch (r.kind) {
      case 'spare':
        return this.stepBack(step);
      case 'narrowed': {
        this.draw();
        const left = step.narrowing
          .candidates()
          .filter((c) => c.item.enabled)
          .map((c) => c.item.label);
        return { text: left.length <= 3 ? oneOf(left) : `${left.length} choices left` };
      }
      case 'chosen':
        if (r.item.enabled) return r.item.run();
        // Its square was drawn still, so this is a stale selection: start the code again, nothing done.
        while (step.narrowing.prefix.length > 0) step.narrowing.back();
        this.draw();
        return { text: `${r.item.label}: not possible on this page` };
    }
  }

  private stepBack(step: Step): Outcome {
    if (step.narrowing.back()) {
      this.draw();
      return { text: 'Back one step' };
    }
    if (step.sub) {
      this.openMain();
      return { text: 'Back to the menu' };
    }
    this.close();
    return { text: 'Menu closed' };
  }

  private backLabel(): string {
    if (!this.step || this.step.narrowing.prefix.length > 0) return 'Back';
    return this.step.sub ? 'Back to the menu' : 'Close menu';
  }

  views(): Map<number, TargetView> {
    const views = new Map<number, TargetView>();
    const layout = this.host?.layout();
    if (!layout) return views;
    const groups = this.step?.narrowing.groups();
    const alphabet = this.options.browsing().hintAlphabet;
    layout.targets.forEach((t, digit) => {
      const group = groups?.[digit] ?? [];
      const back = !this.step || digit === this.reserved || group.length === 0;
      // A square leading only to entries that cannot act here is drawn still: nothing to choose there.
      const live = group.filter((c) => c.enabled);
      let label: string;
      if (!this.step) label = 'Menu…';
      else if (back) label = this.backLabel();
      else if (group.length === 1) label = `${symbolOf(alphabet, digit)} ${group[0].short ?? clip(group[0].label)}`;
      else label = `${symbolOf(alphabet, digit)} ${live.length} ${live.length === 1 ? 'choice' : 'choices'}`;
      views.set(t.index, { label, enabled: back || live.length > 0 });
    });
    return views;
  }

  private draw(): void {
    if (!this.step || !this.panel) return;
    this.panel.show({
      title: this.step.title,
      rows: this.step.choices.map((c, i) => ({ label: c.label, code: this.step!.codes[i], enabled: c.enabled })),
      back: { label: this.backLabel(), code: [this.reserved] },
      prefix: this.step.narrowing.prefix,
    });
  }

  choices(): ModeChoice[] {
    const s = this.snapshot();
    if (!s) return [];
    const n = s.prefix.length;
    return s.items
      .filter((i) => i.enabled && i.code.length > n && s.prefix.every((d, k) => i.code[k] === d))
      .map((i) => ({ label: i.label, rest: i.code.slice(n) }));
  }

  snapshot(): MenuSnapshot | undefined {
    if (!this.step || !this.host) return undefined;
    return {
      title: this.step.title,
      prefix: [...this.step.narrowing.prefix],
      items: this.step.choices.map((c, i) => ({ label: c.label, code: this.step!.codes[i], enabled: c.enabled })),
      back: { label: this.backLabel(), code: [this.reserved] },
    };
  }
}

/** A square's label holds about this many letters after its symbol. */
const SQUARE_LETTERS = 16;
const clip = (s: string) => (s.length <= SQUARE_LETTERS ? s : `${s.slice(0, SQUARE_LETTERS - 1).trimEnd()}…`);

function oneOf(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

function openFavourite(f: Favourite): Promise<Outcome> {
  return openPage(f.url, f.name, 'open-favourite');
}

async function callForHelp(): Promise<Outcome> {
  const r = await ask({ to: 'background', type: 'call-help' }).catch((e: unknown) => {
    console.error('[BrainBrowsR] calling for help failed', e);
    return undefined;
  });
  if (!r) return { text: 'Could not call for help: BrainBrowsR is not answering' };
  const sound = r.sound ? 'the alarm is sounding' : 'the alarm could not sound';
  const message =
    r.notification === 'shown'
      ? 'a message is on the screen'
      : r.notification === 'blocked'
        ? 'messages from BrainBrowsR are blocked on this computer'
        : 'the message could not be shown';
  return { text: `Help called: ${sound}, ${message}`, did: 'help' };
}
