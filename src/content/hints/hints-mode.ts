import { Narrowing } from '../../core/browse/choice-codes';
import {
  codesWithBack,
  directCapacity,
  type HintEntry,
  type HintPlan,
  LOOK_AWAY_SECONDS,
  planCapacity,
  planHintsInSteps,
} from '../../core/browse/hint-plan';
import { containsPoint, type Point, type Rect, union } from '../../core/browse/rect';
import type { Layout, ModeName } from '../../core/protocol/layout';
import { type Choice, digitOf, indexOfDigit, type Mode, type ModeHost, type Outcome } from '../modes/mode';
import type { TargetView } from '../overlay';
import { chooseOption, focusField, optionText, press, toggle } from './activate';
import { type Clickable, clearOf, type Collected, examineNearest, findOnScreen, type OnScreen } from './collect';
import { squareSpots } from '../../core/browse/square-spots';
import { matchesSpelled } from '../../core/browse/spelled-filter';
import { toRect, viewOf, visibleWindow } from './frames';
import { OptionsPanel, PANEL_CSS } from './options-panel';
import { moved, whyNot } from './recheck';
import { reportHints, type ShownHint } from './report';
import { TagLayer } from './tags';
import { centreOf, shownByCss, visibleBoxes } from './visibility';
import { paintedText } from '../ui/painted-text';

/**
 * Hint mode: a code on everything clickable on screen; selecting the code's
 * digits one by one narrows to one element, which is then pressed, ticked,
 * focused for typing, or (a list) opened as a second round of hints over
 * its options. Nothing is done to an element that moved or vanished since
 * its hint was drawn: the user is told, and gets fresh hints.
 */
export interface HintsDeps {
  /** The hint alphabet: one symbol per target position. */
  symbols(): readonly string[];
  /** A text field was focused: the host opens typing for it (false: it cannot type into this one). */
  onField(el: HTMLElement): boolean;
  /** Closes after this long without a selection (ms). */
  idleMs?: number;
  /** Looking away from the squares this long (stream s) takes back the last selection (a test build may change it). */
  lookAwaySeconds?(): number | undefined;
  /** Hints only on elements whose words begin with these (spelled with the speller: "Find by its words"). */
  spelled?: string;
}

export const IDLE_MS = 20_000;

/** The ring around a square (its evidence ring and a margin): part of what a square hides. */
const SQUARE_RING = 8;

/** Half the width of the status line at the bottom centre, and of the message at the top (each grows with its text; this holds the usual ones). */
const STATUS_HALF_WIDTH = 260;

/** The bottom of the message at the top centre, its ring included (18 px down, one line of 18 px text, 10 px padding). */
const TOAST_BOTTOM = 68;

/** What is on screen, where the hints rank from, and the scroll position and window size it was found at. */
interface Found {
  from: Point;
  onScreen: OnScreen;
  viewport: string;
}

interface ElementsRound {
  kind: 'elements';
  items: Clickable[];
  plan: HintPlan;
  narrowing: Narrowing<HintEntry>;
  /** The item of each drawn tag. */
  tagItems: number[];
  /** Scroll position and window size when the elements were found: hints follow a scroll only before the first digit. */
  viewport: string;
  notice?: string;
}

interface OptionsRound {
  kind: 'options';
  list: Clickable;
  narrowing: Narrowing<HintEntry>;
  panel: OptionsPanel;
}

type Round = ElementsRound | OptionsRound;

/** Where the user last chose something on this page: the next hints rank by distance from there. */
let lastChosen: Point | undefined;

/**
 * Lets the page draw a frame between the steps of building hints: on a page
 * of thousands of links, finding, checking, planning and drawing in one go
 * would hold the flicker still for a third of a second.
 */
const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const NOTICE_CSS = `
.notice { position: absolute; left: 50%; bottom: 46px; transform: translateX(-50%); max-width: calc(100% - 420px);
  background: #fff; color: #111; font: 700 18px/1.3 system-ui, sans-serif; padding: 6px 12px; border-radius: 8px;
  box-shadow: 0 0 0 2px #000, 0 0 0 4px #fff; text-align: center; }
`;

/** Where hints rank from: the last choice on this page while it is on screen, else a third of the way down. */
function readingPoint(): Point {
  const win = visibleWindow();
  return lastChosen && containsPoint(win, lastChosen) ? lastChosen : { x: win.x + win.w / 2, y: win.y + win.h / 3 };
}

const PART_NAMES: Record<number, string[]> = {
  2: ['top', 'bottom'],
  3: ['top', 'middle', 'bottom'],
  4: ['top', 'upper middle', 'lower middle', 'bottom'],
};

export class HintsMode implements Mode {
  readonly name: ModeName = 'hints';
  private host?: ModeHost;
  private round?: Round;
  private tags?: TagLayer;
  private noticeEl?: HTMLElement;
  private idleUntil = 0;
  /** The overlay whose squares were moved out of the way (put back on leaving). */
  private movedOn?: ModeHost['overlay'];
  /** Stream time and wall clock (ms) since which no square has gathered evidence (undefined: not since the last selection). */
  private restSince?: { t: number; at: number };
  /** What `prepare` found on screen, for the build that `enter` starts. */
  private found?: Found;
  /** Counts builds: a build still running when a newer one starts (or the mode closes) stops. */
  private builds = 0;

  constructor(private readonly deps: HintsDeps) {}

  /**
   * Looks for something to choose before the mode is opened (the quick
   * first pass only): false when nothing clickable is on screen.
   */
  prepare(host: { overlay: ModeHost['overlay']; layout: ModeHost['layout'] } | undefined): boolean {
    if (!host) return false;
    const from = readingPoint();
    host.overlay.moveSquares(undefined);
    const onScreen = findOnScreen({ from, keepOut: [], limit: planCapacity(host.layout().targets.length) });
    this.found = onScreen.candidates.length > 0 ? { from, onScreen, viewport: viewportKey() } : undefined;
    return this.found !== undefined;
  }

  enter(host: ModeHost): void {
    this.host = host;
    this.touch();
    reportHints(() => this.shown());
    void this.build();
  }

  leave(): void {
    this.builds++;
    this.found = undefined;
    this.movedOn?.moveSquares(undefined);
    this.movedOn = undefined;
    if (this.round?.kind === 'options') this.round.panel.remove();
    this.tags?.remove();
    this.tags = undefined;
    this.noticeEl = undefined;
    this.round = undefined;
    reportHints(undefined);
  }

  views(): Map<number, TargetView> {
    const views = new Map<number, TargetView>();
    const host = this.host;
    const round = this.round;
    if (!host) return views;
    const layout = host.layout();
    if (!round) {
      // Still building (a frame or a few): every square says so, and none can be chosen yet.
      for (const t of layout.targets) views.set(t.index, { label: 'Finding what to choose…', enabled: false });
      return views;
    }
    const symbols = this.deps.symbols();
    round.narrowing.groups().forEach((group, d) => {
      const index = indexOfDigit(layout, d);
      if (index === undefined) return;
      views.set(index, { label: this.labelFor(round, d, group, symbols[d] ?? String(d + 1)), enabled: true });
    });
    return views;
  }

  async select(index: number): Promise<Outcome> {
    const host = this.host;
    const round = this.round;
    if (!host || !round) return { text: 'Nothing to choose' };
    this.touch();
    this.restSince = undefined;
    const r = round.narrowing.select(digitOf(host.layout(), index));
    if (r.kind === 'spare') {
      if (round.narrowing.prefix.length === 0) return this.back();
      round.narrowing.back();
      this.redraw();
      return { text: 'Back one step' };
    }
    if (r.kind === 'narrowed') {
      this.redraw();
      return { text: `${this.reachable(round)} left` };
    }
    const entry = r.item;
    if (entry.kind === 'close') return this.back();
    if (entry.kind === 'parts') {
      this.redraw();
      return { text: 'Back to the parts of the screen' };
    }
    return round.kind === 'elements' ? this.act(round.items[entry.item]) : this.pick(round, entry.item);
  }

  refresh(): void {
    const round = this.round;
    if (!this.host || !round) return;
    if (Date.now() > this.idleUntil) {
      const host = this.host;
      setTimeout(() => {
        if (this.host !== host || !this.round) return;
        this.close();
        host.toast('Hints closed: nothing was chosen for a while');
      }, 0);
      return;
    }
    if (round.kind !== 'elements') return;
    if (round.narrowing.prefix.length === 0 && viewportKey() !== round.viewport) {
      // Scrolled before anything was selected: every hint moved, so draw them afresh.
      this.restart();
      return;
    }
    const tags = this.tags;
    if (!tags) return;
    // Only tags the person can still choose; every check (layout reads) before any mark (a class change).
    const gone = round.tagItems.map((item, tag) => tags.live(tag) && !inPlace(round.items[item]));
    gone.forEach((g, tag) => tags.setGone(tag, g));
  }

  /**
   * Every heartbeat: `looking`, a square is gathering evidence. Looking at
   * none for `lookAwaySeconds` after a selection takes that selection back
   * (the way back at every step that costs no code); at the first step
   * there is nothing to take back (Back, where a code is free, or the idle close).
   */
  heartbeat(t: number, looking: boolean): Outcome | undefined {
    const round = this.round;
    if (!round || !this.host) return undefined;
    const now = Date.now();
    if (looking || round.narrowing.prefix.length === 0 || this.restSince === undefined) {
      this.restSince = { t, at: now };
      return undefined;
    }
    // Headset time and the wall clock both: a simulated headset run faster than real time
    // (tests) must not turn the person's pause between looks into a look away.
    const seconds = this.deps.lookAwaySeconds?.() ?? LOOK_AWAY_SECONDS;
    if (t - this.restSince.t < seconds || now - this.restSince.at < seconds * 1000) return undefined;
    this.restSince = { t, at: now };
    this.touch();
    round.narrowing.back();
    this.redraw();
    return { text: 'Back one step (you looked away)' };
  }

  /** What can still be chosen and the targets left to select (the simulated headset's scripted gaze reads it). */
  choices(): Choice[] {
    const round = this.round;
    if (!round) return [];
    return round.narrowing.candidates().map(({ item, rest }) => ({
      label: item.kind === 'item' ? this.itemName(round, item.item) : 'Back',
      rest,
    }));
  }

  /** For the test hook: every tag (or option row) shown, with its code and where it is. */
  private shown(): ShownHint[] {
    const round = this.round;
    if (!round || !this.tags) return [];
    if (round.kind === 'options') {
      return round.panel.shown(round.narrowing.prefix).map((s) => ({
        code: s.row.code,
        text: s.row.text,
        tag: s.tag,
        element: s.element,
        textRects: [],
        matching: s.matching,
        drawn: true,
        round: 'options' as const,
      }));
    }
    return this.tags.tags.map((t, i) => {
      const item = round.items[round.tagItems[i]];
      return {
        code: t.spec.code,
        text: item.name,
        tag: t.rect,
        element: item.box,
        textRects: item.text,
        matching: t.matching,
        drawn: t.drawn,
        round: 'elements' as const,
      };
    });
  }

  private touch(): void {
    this.idleUntil = Date.now() + (this.deps.idleMs ?? IDLE_MS);
  }

  private close(): void {
    this.host?.pop(this);
  }

  private back(): Outcome {
    if (this.round?.kind === 'options') {
      this.restart();
      return { text: 'Back to the hints' };
    }
    this.close();
    return { text: 'Hints closed' };
  }

  /** The squares (and their rings): nothing under them gets a hint, and no tag goes there. */
  private squares(overlay: ModeHost['overlay']): Rect[] {
    return overlay.rects().map(({ rect }) => ({
      x: rect.x - SQUARE_RING,
      y: rect.y - SQUARE_RING,
      w: rect.width + 2 * SQUARE_RING,
      h: rect.height + 2 * SQUARE_RING,
    }));
  }

  /** The status line at the bottom centre. */
  private statusArea(): Rect {
    const win = visibleWindow();
    return { x: win.x + win.w / 2 - STATUS_HALF_WIDTH, y: win.y + win.h - 44, w: 2 * STATUS_HALF_WIDTH, h: 44 };
  }

  /**
   * The overlay's message at the top centre (overlay.ts .toast: what each
   * selection did, shown for a few seconds): no tag goes under it.
   */
  private toastArea(): Rect {
    const win = visibleWindow();
    return { x: win.x + win.w / 2 - STATUS_HALF_WIDTH, y: win.y, w: 2 * STATUS_HALF_WIDTH, h: TOAST_BOTTOM };
  }

  /** Where the notice may be drawn, whatever it says (two lines, as wide as it may grow): one plan fits every notice. */
  private noticeArea(): Rect {
    const win = visibleWindow();
    const shown = this.noticeEl ? toRect(this.noticeEl.getBoundingClientRect()) : undefined;
    const w = Math.max(0, win.w - 420);
    const h = Math.max(shown?.h ?? 0, 64);
    return { x: win.x + (win.w - w) / 2, y: win.y + win.h - 46 - h, w, h };
  }

  /** Where no tag goes: the squares, the notice (shown, or `notice`: to come), the status line and the message at the top. */
  private keepOut(overlay: ModeHost['overlay'], notice = false): Rect[] {
    return [
      ...this.squares(overlay),
      this.statusArea(),
      this.toastArea(),
      ...(notice || this.noticeEl ? [this.noticeArea()] : []),
    ];
  }

  /**
   * Fresh hints, a step per frame: find what is on screen (unless `prepare`
   * just did), check the nearest closely, move the squares off them, plan
   * codes and tags, draw. Nothing can be selected until the tags are drawn.
   */
  private async build(): Promise<void> {
    const host = this.host;
    if (!host) return;
    const build = ++this.builds;
    const current = () => this.host === host && this.builds === build;
    const base = host.layout().targets.length;
    const limit = planCapacity(base);
    let found = this.found;
    this.found = undefined;
    if (!found) {
      const from = readingPoint();
      host.overlay.moveSquares(undefined);
      found = { from, onScreen: findOnScreen({ from, keepOut: [], limit }), viewport: viewportKey() };
      await nextFrame();
      if (!current()) return;
    }
    const { from, onScreen, viewport } = found;
    const spelled = this.deps.spelled;
    const accept = spelled === undefined ? undefined : (c: Clickable) => matchesSpelled(c.wholeName, spelled);
    const all = await examineNearest(onScreen, { from, keepOut: [], limit, pause: nextFrame, accept });
    if (!current()) return;
    const items = this.clearOfSquares(host.overlay, all.items);
    if (items.length === 0) {
      host.overlay.moveSquares(undefined);
      this.close();
      host.toast(spelled === undefined ? 'Nothing to choose here' : `Nothing on screen begins with “${spelled}”`);
      return;
    }
    await nextFrame();
    if (!current()) return;
    const round = await this.plan(host.overlay, host.layout(), { ...all, items }, { from, viewport }, current);
    if (!round) return;
    await nextFrame();
    if (!current()) return;
    this.round = round;
    this.draw();
    host.changed();
  }

  /**
   * Codes and tags for what was found, a part of the screen per frame (the
   * notice, if any, is drawn first: tags are placed around it). Undefined:
   * the build was overtaken (`current` turned false).
   */
  private async plan(
    overlay: ModeHost['overlay'],
    layout: Layout,
    found: Collected,
    { from, viewport }: Pick<Found, 'from' | 'viewport'>,
    current: () => boolean,
  ): Promise<ElementsRound | undefined> {
    const base = layout.targets.length;
    const win = visibleWindow();
    const tags = this.layerOn(overlay, layout);
    const plan = async (keepOut: Rect[]): Promise<HintPlan | undefined> => {
      const steps = planHintsInSteps(
        found.items.map((c) => c.box),
        from,
        base,
        {
          area: { window: win, keepOut },
          size: (digits) => tags.sizeFor(digits),
          text: found.items.map((c) => c.text),
        },
      );
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) return step.value;
        await nextFrame();
        if (!current()) return undefined;
      }
    };
    const noticeFor = (p: HintPlan | undefined): string | undefined => {
      const said = [
        found.more ? `Hints on the ${found.items.length} nearest; scroll to reach the others` : undefined,
        found.partial ? 'This page is very large: some things may have no hint' : undefined,
        p && p.leftOut.length > 0 ? `${p.leftOut.length} without a code (no room): zoom in or scroll` : undefined,
      ].filter((t) => t !== undefined);
      return said.length > 0 ? said.join('. ') : undefined;
    };
    const before = noticeFor(undefined);
    this.setNotice(before);
    // More than three selections reach: some may find no room, so the notice's room is kept from the start
    // (planned once); fewer are planned again only when a notice appears where there was none.
    const crowded = found.items.length > directCapacity(base);
    let planned = await plan(this.keepOut(overlay, crowded));
    if (!planned) return undefined;
    const after = noticeFor(planned);
    if (after !== undefined && before === undefined && !crowded) {
      this.setNotice(after);
      planned = await plan(this.keepOut(overlay));
      if (!planned) return undefined;
    }
    return {
      kind: 'elements',
      items: found.items,
      plan: planned,
      narrowing: new Narrowing(
        planned.entries,
        planned.entries.map((e) => e.code),
        base,
      ),
      tagItems: [],
      viewport,
      notice: noticeFor(planned),
    };
  }

  /**
   * The squares moved off whatever they would hide (square-spots.ts; they go
   * back when hints close), and the items still to be seen around them.
   */
  private clearOfSquares(overlay: ModeHost['overlay'], items: Clickable[]): Clickable[] {
    const now = overlay.rects();
    const was = this.squares(overlay);
    const spots = squareSpots(
      was,
      visibleWindow(),
      items.map((c) => c.box),
      [this.statusArea()],
    );
    const moves = new Map<number, { x: number; y: number }>();
    spots.forEach((r, i) => {
      if (r.x !== was[i].x || r.y !== was[i].y) moves.set(now[i].index, { x: r.x + SQUARE_RING, y: r.y + SQUARE_RING });
    });
    overlay.moveSquares(moves.size > 0 ? moves : undefined);
    this.movedOn = overlay;
    return clearOf(items, this.squares(overlay));
  }

  /** Fresh hints (after a refused press, a scroll, or back from a list's options): the old ones go at once. */
  private restart(): void {
    if (!this.host) return;
    if (this.round?.kind === 'options') this.round.panel.remove();
    this.round = undefined;
    this.tags?.remove();
    this.tags = undefined;
    this.noticeEl = undefined;
    void this.build();
  }

  private layer(): TagLayer {
    if (this.tags) return this.tags;
    const host = this.host!;
    return this.layerOn(host.overlay, host.layout());
  }

  private layerOn(overlay: ModeHost['overlay'], layout: Layout): TagLayer {
    this.tags ??= new TagLayer(
      overlay,
      this.deps.symbols(),
      layout.targets.map((t) => t.color),
      PANEL_CSS + NOTICE_CSS,
    );
    return this.tags;
  }

  private draw(): void {
    const host = this.host;
    const round = this.round;
    if (!host || !round || round.kind !== 'elements') return;
    const tags = this.layer();
    this.setNotice(round.notice);
    const entries = round.plan.entries.filter((e) => e.kind === 'item');
    round.tagItems = entries.map((e) => e.item);
    tags.draw(
      entries.map((e) => {
        const c = round.items[e.item];
        return { code: e.code, element: c.box, text: c.text, place: e.tag ?? c.box, shownAfter: e.shownAfter };
      }),
    );
    if (round.plan.parts.length > 0) this.showParts(round);
  }

  private redraw(): void {
    const round = this.round;
    if (!round || !this.host) return;
    if (round.kind === 'options') round.panel.narrow(round.narrowing.prefix);
    else if (round.plan.parts.length > 0 && round.narrowing.prefix.length === 0) this.showParts(round);
    else this.tags?.narrow(round.narrowing.prefix);
  }

  /** Too many for three selections: the first choice is a part of the screen, each outlined with its symbol. */
  private showParts(round: ElementsRound): void {
    const names = PART_NAMES[round.plan.parts.length];
    this.tags?.showParts(
      round.plan.parts.map((p) => ({
        digit: p.digit,
        name: names ? names[p.digit] : `part ${p.digit + 1}`,
        rect: union(p.items.map((i) => round.items[i].box))!,
      })),
      round.items.flatMap((c) => c.text),
      this.keepOut(this.host!.overlay),
    );
  }

  private setNotice(text: string | undefined): void {
    const root = this.layer().root;
    if (!text) {
      this.noticeEl?.remove();
      this.noticeEl = undefined;
      return;
    }
    if (!this.noticeEl) {
      this.noticeEl = document.createElement('div');
      this.noticeEl.className = 'notice';
      this.noticeEl.setAttribute('role', 'status');
      root.append(this.noticeEl);
    }
    this.noticeEl.replaceChildren(paintedText(text));
  }

  private reachable(round: Round): number {
    return round.narrowing.candidates().filter((c) => c.item.kind === 'item').length;
  }

  private labelFor(round: Round, digit: number, group: HintEntry[], symbol: string): string {
    const items = group.filter((e): e is Extract<HintEntry, { kind: 'item' }> => e.kind === 'item');
    const withBack = items.length < group.length;
    if (items.length === 0) return 'Back';
    const step = round.narrowing.prefix.length;
    const bands = round.kind === 'elements' && round.plan.parts.length > 0 && step === 0;
    // Tags that had no room with the others: drawn once this target is chosen.
    if (!bands && items.every((e) => e.shownAfter > step)) return `${symbol} ${items.length} more`;
    if (items.length === 1 && !withBack) return `${symbol} ${short(this.itemName(round, items[0].item))}`;
    if (round.kind === 'elements' && round.plan.parts.length > 0 && round.narrowing.prefix.length === 0) {
      const names = PART_NAMES[round.plan.parts.length];
      return `${symbol} ${names ? names[digit] : `part ${digit + 1}`}: ${items.length}`;
    }
    return `${symbol} ${items.length}${withBack ? ' + Back' : ''}`;
  }

  private itemName(round: Round, item: number): string {
    if (round.kind === 'elements') return round.items[item].name || round.items[item].noun;
    return optionText((round.list.el as HTMLSelectElement).options[item]);
  }

  private async act(c: Clickable): Promise<Outcome> {
    const host = this.host!;
    const why = whyNot(c, this.squares(host.overlay));
    if (why) {
      this.restart();
      return { text: why };
    }
    lastChosen = centreOf(c.rect);
    if (c.kind === 'select') return this.openOptions(c);
    if (c.kind === 'field') {
      const outcome = focusField(c);
      if (!outcome.did) {
        this.restart();
        return outcome;
      }
      this.close();
      if (this.deps.onField(c.el)) return outcome;
      return {
        ...outcome,
        text: `${c.name ? `“${c.name}”` : `The ${c.noun}`} is chosen, but typing into it by looking is not possible`,
      };
    }
    const outcome = c.kind === 'toggle' ? await toggle(c) : await press(c);
    this.close();
    return outcome;
  }

  private openOptions(list: Clickable): Outcome {
    const host = this.host!;
    const select = list.el as HTMLSelectElement;
    const choosable = Array.from(select.options)
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => !o.disabled && !o.hidden);
    // One code stays Back (to the hints), whatever the length of the list.
    const cap = directCapacity(host.layout().targets.length) - 1;
    // The chosen option and those after it first: a long list shows the neighbourhood of what is chosen.
    const start = Math.max(
      0,
      Math.min(
        choosable.findIndex(({ i }) => i === select.selectedIndex),
        choosable.length - cap,
      ),
    );
    const shownOptions = choosable.slice(start, start + cap);
    const { codes, back } = codesWithBack(shownOptions.length, host.layout().targets.length);
    const entries: HintEntry[] = shownOptions.map(({ i }, k) => ({
      kind: 'item',
      item: i,
      code: codes[k],
      shownAfter: 0,
    }));
    entries.push({ kind: 'close', code: back });
    if (this.round?.kind === 'elements') this.tags?.draw([]);
    const title =
      shownOptions.length < choosable.length
        ? `Choose from ${list.name ? `“${list.name}”` : 'the list'} (${shownOptions.length} of ${choosable.length})`
        : `Choose from ${list.name ? `“${list.name}”` : 'the list'}`;
    const panel = new OptionsPanel(
      this.layer(),
      title,
      shownOptions.map(({ o, i }, k) => ({ code: codes[k], text: optionText(o), current: i === select.selectedIndex })),
    );
    this.setNotice(undefined);
    this.round = {
      kind: 'options',
      list,
      narrowing: new Narrowing(
        entries,
        entries.map((e) => e.code),
        host.layout().targets.length,
      ),
      panel,
    };
    return { text: title };
  }

  private pick(round: OptionsRound, option: number): Outcome {
    const list = round.list;
    if (!list.el.isConnected || !viewOf(list.chain)) {
      this.restart();
      return { text: 'That list is no longer there; nothing was chosen' };
    }
    const outcome = chooseOption(list, option);
    this.close();
    return outcome;
  }
}

/** Scroll position, window size and pinch zoom: when one changes, every hint is somewhere else. */
function viewportKey(): string {
  const vv = window.visualViewport;
  return [scrollX, scrollY, innerWidth, innerHeight, vv?.offsetLeft, vv?.offsetTop, vv?.scale].join(',');
}

/** Still shown where its hint points (the quick check; the full one runs before acting). */
function inPlace(c: Clickable): boolean {
  if (!c.el.isConnected || !c.shown.isConnected) return false;
  const view = viewOf(c.chain);
  if (!view || !shownByCss(c.shown)) return false;
  return visibleBoxes(c.shown, view).some((b) => !moved(b, c.rect));
}

const short = (s: string) => (s.length > 14 ? `${s.slice(0, 13).trimEnd()}…` : s);
