import type { ModeName } from '../../core/protocol/layout';
import { currentPost, isFeedPage, type PageContext, perform, planFor, toggleLike } from '../actions';
import type { TargetView } from '../overlay';
import type { Mode, ModeHost, Outcome, Undo } from './mode';

/** What the base mode needs from the content script: the page context, and the modes it opens. */
export interface BaseModeDeps {
  context(): PageContext;
  setAsleep(asleep: boolean): void;
  openMenu(): Mode | undefined;
  openHints(): Mode | undefined;
}

/**
 * The mode under every other: follows the page. On a feed the targets move
 * between posts and like them; elsewhere they show hints ("Choose…") and
 * scroll. One target opens the menu everywhere.
 */
export class BaseMode implements Mode {
  private host?: ModeHost;

  constructor(private readonly deps: BaseModeDeps) {}

  get name(): ModeName {
    return isFeedPage() ? 'feed' : 'page';
  }

  enter(host: ModeHost): void {
    this.host = host;
  }

  leave(): void {
    // Draws nothing of its own (the squares belong to the overlay).
  }

  views(): Map<number, TargetView> {
    const ctx = this.deps.context();
    const views = new Map<number, TargetView>();
    for (const t of this.host?.layout().targets ?? []) {
      const plan = planFor(t, ctx);
      views.set(t.index, { label: plan.label, enabled: plan.enabled });
    }
    return views;
  }

  async select(index: number): Promise<Outcome> {
    const host = this.host;
    const target = host?.layout().targets.find((t) => t.index === index);
    if (!host || !target) return { text: 'Nothing to do' };
    const ctx = this.deps.context();
    const plan = planFor(target, ctx);
    if (!plan.enabled) return { text: plan.label };
    if (plan.action === 'menu' || plan.action === 'hints') {
      const mode = plan.action === 'menu' ? this.deps.openMenu() : this.deps.openHints();
      if (!mode) return { text: plan.action === 'menu' ? 'The menu is not available' : 'Nothing to choose here' };
      host.push(mode);
      return {
        text: plan.action === 'menu' ? 'Menu' : 'Choose: look at the colours of what you want',
        did: `open-${plan.action}`,
      };
    }
    const post = plan.action === 'like' ? currentPost() : undefined;
    const scrolledFrom = window.scrollY;
    const text = await perform(plan, ctx, { setAsleep: (a) => this.deps.setAsleep(a) });
    return { text, did: plan.action, undo: undoOf(plan.action, text, post, scrolledFrom) };
  }
}

/** How to take back what a base action did, judged from what really happened. */
function undoOf(action: string, text: string, post: HTMLElement | undefined, scrolledFrom: number): Undo | undefined {
  if (action === 'like' && post && /^(Liked|Like removed)/.test(text)) {
    return { label: text.startsWith('Liked') ? 'Unlike' : 'Like again', run: () => toggleLike(post) };
  }
  if ((action === 'scroll-down' || action === 'scroll-up') && text.startsWith('Scrolled')) {
    return {
      label: 'Scroll back',
      run: () => {
        window.scrollTo({ top: scrolledFrom, behavior: 'smooth' });
        return 'Scrolled back';
      },
    };
  }
  if (action === 'home') return { label: 'Go back', afterNavigation: 'back', run: goBack };
  return undefined;
}

function goBack(): string {
  history.back();
  return 'Going back';
}
