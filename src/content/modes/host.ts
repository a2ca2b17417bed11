import type { Layout, ModeName } from '../../core/protocol/layout';
import type { PendingUndo, ToBackground } from '../../core/protocol/messages';
import { undoStepBack } from '../menu/navigation';
import { switchBack } from '../menu/tabs';
import type { Overlay, TargetView } from '../overlay';
import type { Mode, ModeHost, Outcome, Undo } from './mode';

/** How long an undo is offered after the action (ms): long enough to notice the mistake and look. */
export const UNDO_MS = 8000;

export interface HostDeps {
  overlay(): Overlay | undefined;
  layout(): Layout;
  send(m: ToBackground): void;
  /** The target that opens the menu (it shows "Undo" while an undo is offered). */
  menuTarget(): number | undefined;
  /** Something changed that the targets' labels should show now. */
  changed(): void;
}

/**
 * The stack of modes: the base mode (the page) and whatever is opened over
 * it (menu, hints, typing). Only the top gets selections. After an action
 * that can be taken back, the menu's target offers "Undo" for a few seconds
 * (modes that stay open offer it among their own choices).
 */
export class ModeStack implements ModeHost {
  private readonly stack: Mode[];
  private offer?: { undo: Undo; until: number };
  private offerTimer = 0;
  private reported?: ModeName;

  constructor(
    base: Mode,
    private readonly deps: HostDeps,
  ) {
    this.stack = [base];
    base.enter(this);
  }

  get overlay(): Overlay {
    const o = this.deps.overlay();
    if (!o) throw new Error('no overlay: modes run only while the targets are drawn');
    return o;
  }

  layout(): Layout {
    return this.deps.layout();
  }

  top(): Mode {
    return this.stack[this.stack.length - 1];
  }

  get depth(): number {
    return this.stack.length;
  }

  push(mode: Mode): void {
    this.top().leave();
    this.stack.push(mode);
    mode.enter(this);
    this.deps.changed();
  }

  pop(mode: Mode): void {
    const at = this.stack.indexOf(mode);
    if (at <= 0) return;
    while (this.stack.length > at) this.stack.pop()!.leave();
    this.top().enter(this);
    this.deps.changed();
  }

  /** Back to the base mode (switched off, asleep, a new page). */
  closeAll(): void {
    if (this.stack.length > 1) this.pop(this.stack[1]);
  }

  toast(text: string): void {
    this.deps.overlay()?.toast(text);
  }

  send(m: ToBackground): void {
    this.deps.send(m);
  }

  changed(): void {
    this.deps.changed();
  }

  /** The name relay clients are told: the top mode's, or asleep. */
  modeName(asleep: boolean): ModeName {
    return asleep ? 'asleep' : this.top().name;
  }

  /** Tells the background (and so the relay's v2 clients) when the targets change meaning. */
  reportMode(asleep: boolean): void {
    const name = this.modeName(asleep);
    if (name === this.reported) return;
    this.reported = name;
    this.send({ to: 'background', type: 'mode', mode: name });
  }

  private offering(): boolean {
    return this.offer !== undefined && Date.now() < this.offer.until;
  }

  /** The Menu target offers "Undo: …" now. */
  undoOffered(): boolean {
    return this.offering() && this.stack.length === 1 && this.deps.menuTarget() !== undefined;
  }

  /** What each target shows now (the top mode's views; "Undo…" on the menu's target while offered). */
  views(): Map<number, TargetView> {
    const views = this.top().views();
    const menu = this.deps.menuTarget();
    if (this.offering() && this.stack.length === 1 && menu !== undefined) {
      views.set(menu, { label: `Undo: ${this.offer!.undo.label}`, enabled: true });
    }
    return views;
  }

  /** A selection of target `index`: the undo offer first, else the top mode. */
  async select(index: number): Promise<{ mode: ModeName; outcome: Outcome }> {
    const mode = this.top().name;
    if (this.offering() && this.stack.length === 1 && index === this.deps.menuTarget()) {
      const undo = this.offer!.undo;
      this.setOffer(undefined);
      return { mode, outcome: { text: await undo.run(), did: 'undo' } };
    }
    const outcome = await this.top().select(index);
    if (outcome.undo) this.setOffer(outcome.undo);
    return { mode, outcome };
  }

  /** A heartbeat for the top mode (see Mode.heartbeat). */
  heartbeat(t: number, looking: boolean): { mode: ModeName; outcome: Outcome } | undefined {
    const top = this.top();
    const outcome = top.heartbeat?.(t, looking);
    return outcome ? { mode: top.name, outcome } : undefined;
  }

  /** A new page was opened by an action on the last one: offer its history step back here. */
  adoptPending(p: PendingUndo): void {
    if (p.step === 'tab') {
      this.setOffer({ label: p.label, run: () => switchBack(p) }, p.until);
      return;
    }
    const run = () => {
      if (p.step === 'back') return undoStepBack();
      history.forward();
      return 'Going forward';
    };
    this.setOffer({ label: p.label, run }, p.until);
  }

  private setOffer(undo: Undo | undefined, until = Date.now() + UNDO_MS): void {
    const carried = this.offer?.undo.afterNavigation;
    this.offer = undo ? { undo, until } : undefined;
    clearTimeout(this.offerTimer);
    if (undo?.afterNavigation) {
      this.send({
        to: 'background',
        type: 'offer-undo',
        undo: { label: undo.label, step: undo.afterNavigation, until },
      });
    } else if (carried) {
      // The page stayed (the navigation did not happen, or was taken back): nothing to carry any more.
      this.send({ to: 'background', type: 'offer-undo', undo: null });
    }
    for (const m of this.stack) m.offerUndo?.(undo);
    if (undo) {
      this.offerTimer = window.setTimeout(() => this.setOffer(undefined), Math.max(0, until - Date.now()));
    }
    this.deps.changed();
  }
}
