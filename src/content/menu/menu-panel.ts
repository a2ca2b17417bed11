import type { Code } from '../../core/browse/choice-codes';
import type { HintAlphabet, Layout } from '../../core/protocol/layout';
import type { Overlay } from '../overlay';
import { CHIP_CSS, codeChips } from './code-chips';
import { paintedText } from '../ui/painted-text';

/**
 * The menu drawn in the middle of the window, between the corner squares
 * (160 px plus margins on each side), in large plain words for a person
 * reading from a bed. Each entry shows the squares to look at, in order;
 * entries no longer reachable fade as the selections narrow them down.
 * Entries that cannot act here are smaller, so that every entry (Call for
 * help last) fits a 800 px tall window.
 */
const LAYER = 'menu';
const SIDE = 196;

const CSS = `
${CHIP_CSS}
.panel { position: fixed; left: ${SIDE}px; right: ${SIDE}px; top: 64px; max-height: calc(100vh - 120px);
  overflow: hidden; box-sizing: border-box; background: #101010; color: #fff; border-radius: 14px;
  box-shadow: 0 0 0 3px #fff, 0 0 0 5px #000; padding: .6em .8em;
  font: 600 clamp(16px, 2.9vh, 30px)/1.3 system-ui, sans-serif; }
.title { font-size: 1.1em; margin: 0 0 .2em; }
.how { font-weight: 400; font-size: .7em; color: #e5e5e5; margin: 0 0 .5em; }
.rows { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 13em), 1fr)); gap: .25em .8em; }
.row { display: flex; align-items: center; gap: .5em; padding: .15em .2em; border-radius: .3em;
  transition: opacity .2s; min-width: 0; }
.row .text { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.row.out { opacity: .22; }
.row.off { font-size: .7em; padding: 0 .2em; }
.row.off .text { color: #a3a3a3; text-decoration: line-through; }
.row.off .chips { opacity: .45; }
.row.back { border-top: 2px solid #555; grid-column: 1 / -1; padding-top: .3em; margin-top: .1em; }
`;

export interface PanelRow {
  label: string;
  code: Code;
  /** False: cannot act on this page now (drawn greyed, keeping its code). */
  enabled?: boolean;
}

export interface PanelContent {
  title: string;
  rows: PanelRow[];
  /** The "Back" / "Close menu" row: the target kept out of every code. */
  back: PanelRow;
  /** Digits selected so far in this step. */
  prefix: readonly number[];
}

export class MenuPanel {
  constructor(
    private readonly overlay: Overlay,
    private readonly layout: () => Layout,
    private readonly alphabet: () => HintAlphabet,
  ) {}

  show(c: PanelContent): void {
    const layer = this.overlay.layer(LAYER, CSS);
    layer.querySelector('.panel')?.remove();
    const panel = document.createElement('div');
    panel.className = 'panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', c.title);
    const title = document.createElement('p');
    title.className = 'title';
    title.append(paintedText(c.title));
    const how = document.createElement('p');
    how.className = 'how';
    how.append(paintedText('Look at the squares shown beside what you want, one after another.', { wrap: true }));
    const rows = document.createElement('div');
    rows.className = 'rows';
    const layout = this.layout();
    const alphabet = this.alphabet();
    for (const r of c.rows) {
      const reachable = c.prefix.every((d, i) => r.code[i] === d) && r.code.length > c.prefix.length;
      const cls = [reachable ? '' : 'out', r.enabled === false ? 'off' : ''].join(' ');
      rows.append(this.row(r, reachable ? c.prefix.length : 0, cls, layout, alphabet));
    }
    rows.append(this.row(c.back, 0, 'back', layout, alphabet));
    panel.append(title, how, rows);
    layer.append(panel);
  }

  private row(r: PanelRow, typed: number, cls: string, layout: Layout, alphabet: HintAlphabet): HTMLElement {
    const row = document.createElement('div');
    row.className = `row ${cls}`.replace(/\s+/g, ' ').trim();
    const text = document.createElement('span');
    text.className = 'text';
    text.append(paintedText(r.enabled === false ? `${r.label} (not here)` : r.label));
    row.append(codeChips(r.code, typed, layout, alphabet), text);
    return row;
  }

  hide(): void {
    this.overlay.removeLayer(LAYER);
  }
}
