import type { Layout, ModeName } from '../../core/protocol/layout';
import type { ToBackground } from '../../core/protocol/messages';
import type { Overlay, TargetView } from '../overlay';

/**
 * What the four targets mean right now. The base mode follows the page
 * (feed: posts; page: scrolling and "Choose…"); menu, hints and typing are
 * opened over it and closed again. Only the mode on top receives selections.
 */
export interface Mode {
  readonly name: ModeName;
  /** Label and enabled state of each target (by target index) now. */
  views(): Map<number, TargetView>;
  /** The user selected the target with this index (it was enabled and flickering). */
  select(index: number): Promise<Outcome>;
  /** Becomes the top mode: draw what it needs (panels, hint tags) in the overlay. */
  enter(host: ModeHost): void;
  /** Stops being drawn (closed, or covered by another mode). Must remove everything it drew. */
  leave(): void;
  /** Every 250 ms while on top: follow the page (scrolling, elements moving or vanishing). */
  refresh?(): void;
  /**
   * Every heartbeat while on top: its stream time (s) and whether a square
   * is gathering evidence. An outcome: the mode did something by itself (a
   * step back after a look away), to be said as a selection's would be.
   */
  heartbeat?(t: number, looking: boolean): Outcome | undefined;
  /**
   * A mode that stays open after an action (typing) shows the undo offer
   * itself, as one of its choices; undefined: the offer has ended. Modes
   * without it close after acting, and the base mode shows the offer.
   */
  offerUndo?(undo: Undo | undefined): void;
  /**
   * Choice modes (menu, hints, typing): what can still be chosen, with the
   * targets (positions) left to select. The simulated headset's scripted
   * gaze reads it, as a person reads the codes on screen.
   */
  choices?(): Choice[];
}

export interface Choice {
  label: string;
  /** Target positions (0 = the layout's first target) still to select, in order. */
  rest: number[];
}

/** How to take an action back, offered for a few seconds after it. */
export interface Undo {
  /** What taking it back does, in a few words ("Unlike post 3", "Delete 'brain'"). */
  label: string;
  /** Takes it back; says what happened. */
  run(): string | Promise<string>;
  /**
   * The action is leaving this page (a link opened, Back, a favourite): the
   * next page offers this history step instead, for the rest of the time.
   */
  afterNavigation?: 'back' | 'forward';
  /** It takes back one typed character: the speller gives it a one-selection code. */
  single?: boolean;
}

export interface Outcome {
  /** What happened, in words: shown large and announced. */
  text: string;
  /** What was done, for the relay's v2 subscribers ('click', 'like', 'type-word', 'back'...); none: nothing changed. */
  did?: string;
  undo?: Undo;
}

export interface ModeHost {
  readonly overlay: Overlay;
  layout(): Layout;
  /** Opens a mode over the current one. */
  push(mode: Mode): void;
  /** Closes this mode (and any opened over it); the one below becomes the top again. */
  pop(mode: Mode): void;
  toast(text: string): void;
  send(m: ToBackground): void;
  /** The top mode's targets mean something else now (it finished work it began on entering). */
  changed(): void;
}

/** Target positions (0..n-1, in layout order) are the digits of choice codes; this maps both ways. */
export function digitOf(layout: Layout, index: number): number {
  return layout.targets.findIndex((t) => t.index === index);
}
export function indexOfDigit(layout: Layout, digit: number): number | undefined {
  return layout.targets[digit]?.index;
}
