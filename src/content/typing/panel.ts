import type { Layout } from '../../core/protocol/layout';
import type { Overlay } from '../overlay';
import { paintedText, paintedTextOf } from '../ui/painted-text';

/**
 * The speller's panel in the overlay: the field's text, large enough to
 * read from a bed, a line for what happened, and one box per target in the
 * target's colour and symbol, listing what looking at that target leads to.
 * It sits in the middle of the window, clear of the corner squares, the
 * message at the top and the status line at the bottom. Nothing moves or
 * blinks in it (the squares are the only flicker).
 */
export const TYPING_LAYER = 'typing';
/** Clear of the corner squares (160 px plus margin and ring) on both sides. */
const SIDE = 196;
const CARET = '#1d4ed8';

const CSS = `
.panel { position: fixed; left: ${SIDE}px; right: ${SIDE}px; top: 64px; bottom: 48px; box-sizing: border-box;
  display: flex; flex-direction: column; gap: 10px; padding: 14px; border-radius: 14px;
  background: rgba(24, 24, 27, 0.96); box-shadow: 0 0 0 2px #fff; font-family: system-ui, sans-serif; }
.text { font: 600 40px/1.25 system-ui, sans-serif; color: #000; background: #fff; border-radius: 8px;
  padding: 8px 14px; min-height: 1.25em; max-height: 2.5em; overflow: hidden; white-space: pre-wrap;
  overflow-wrap: anywhere; display: flex; flex-direction: column; justify-content: flex-end; }
.text .empty { color: #6b7280; font-weight: 400; }
.message { font: 600 22px/1.3 system-ui, sans-serif; color: #e5e7eb; min-height: 1.3em; }
.message.problem { color: #fecaca; }
.groups { flex: 1; min-height: 0; display: grid; gap: 10px; }
.group { position: relative; min-height: 0; overflow: hidden; box-sizing: border-box; border: 6px solid var(--c);
  border-radius: 10px; background: #fff; color: #111; padding: 6px 10px 6px 52px; }
.symbol { position: absolute; left: 8px; top: 4px; font: 700 34px/1 system-ui, sans-serif; color: var(--c); }
.items { display: flex; flex-wrap: wrap; align-content: flex-start; gap: 4px 14px; font: 600 28px/1.2 system-ui, sans-serif; }
.item.word { font-weight: 800; text-decoration: underline; text-underline-offset: 4px; }
.item.command { font-size: 20px; align-self: center; background: #e5e7eb; border-radius: 6px; padding: 1px 8px; }
.group.back .items { color: #4b5563; font-size: 24px; font-weight: 500; }
`;

export interface PanelGroup {
  symbol: string;
  color: string;
  /** What the box lists, in order; kind picks the style. */
  items: { label: string; kind: 'word' | 'letter' | 'command' }[];
  /** Leads to no item in this step: what looking at it does instead (one step back, or stop typing). */
  back?: string;
}

export interface PanelState {
  /** The field's text as it is; the caret at `caret`. */
  text: string;
  caret: number;
  message?: { text: string; problem: boolean };
  groups: PanelGroup[];
}

/** Grid cell of a target's box, placed like the target itself where the layout uses the corners. */
function cells(layout: Layout): { columns: number; at: (digit: number) => { row: number; column: number } } {
  const corner: Record<string, { row: number; column: number }> = {
    'top-left': { row: 1, column: 1 },
    'top-right': { row: 1, column: 2 },
    'bottom-left': { row: 2, column: 1 },
    'bottom-right': { row: 2, column: 2 },
  };
  const positions = layout.targets.map((t) => t.position);
  if (positions.length === 4 && new Set(positions).size === 4 && positions.every((p) => p in corner)) {
    return { columns: 2, at: (d) => corner[positions[d]] };
  }
  const columns = Math.ceil(layout.targets.length / 2);
  return { columns, at: (d) => ({ row: 1 + Math.floor(d / columns), column: 1 + (d % columns) }) };
}

export class TypingPanel {
  private readonly root: HTMLElement;
  private readonly textEl: HTMLElement;
  private readonly messageEl: HTMLElement;
  private readonly groupsEl: HTMLElement;

  constructor(
    private readonly overlay: Overlay,
    private readonly layout: Layout,
  ) {
    const layer = overlay.layer(TYPING_LAYER, CSS);
    this.root = document.createElement('div');
    this.root.className = 'panel';
    this.textEl = document.createElement('div');
    this.textEl.className = 'text';
    this.messageEl = document.createElement('div');
    this.messageEl.className = 'message';
    this.messageEl.setAttribute('role', 'status');
    this.messageEl.setAttribute('aria-live', 'polite');
    this.groupsEl = document.createElement('div');
    this.groupsEl.className = 'groups';
    const { columns } = cells(layout);
    this.groupsEl.style.gridTemplateColumns = `repeat(${columns}, 1fr)`;
    this.root.append(this.textEl, this.messageEl, this.groupsEl);
    layer.append(this.root);
  }

  draw(s: PanelState): void {
    // One line box (it wraps), kept at the bottom of the text area so the newest words stay in view.
    const line =
      s.text === ''
        ? paintedText('Nothing typed yet', { caret: 0, caretColor: CARET })
        : paintedText(s.text, { wrap: true, caret: s.caret, caretColor: CARET });
    line.classList.toggle('empty', s.text === '');
    this.textEl.replaceChildren(line);
    const message = s.message?.text ?? '';
    if ((paintedTextOf(this.messageEl.firstElementChild ?? this.messageEl) ?? '') !== message) {
      this.messageEl.replaceChildren(...(message ? [paintedText(message)] : []));
    }
    this.messageEl.classList.toggle('problem', s.message?.problem ?? false);
    const { at } = cells(this.layout);
    this.groupsEl.replaceChildren(
      ...s.groups.map((g, digit) => {
        const box = document.createElement('div');
        box.className = `group${g.back ? ' back' : ''}`;
        box.style.setProperty('--c', g.color);
        const cell = at(digit);
        box.style.gridRow = String(cell.row);
        box.style.gridColumn = String(cell.column);
        const symbol = document.createElement('div');
        symbol.className = 'symbol';
        symbol.append(paintedText(g.symbol));
        const items = document.createElement('div');
        items.className = 'items';
        if (g.back) items.append(paintedText(g.back));
        for (const item of g.items) {
          const el = document.createElement('span');
          el.className = `item ${item.kind}`;
          el.append(paintedText(item.label));
          items.append(el);
        }
        box.append(symbol, items);
        return box;
      }),
    );
  }

  remove(): void {
    this.overlay.removeLayer(TYPING_LAYER);
  }
}
