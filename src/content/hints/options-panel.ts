import { type Code, startsWith } from '../../core/browse/choice-codes';
import type { Rect } from '../../core/browse/rect';
import { toRect } from './frames';
import type { TagLayer } from './tags';
import { paintedText } from '../ui/painted-text';

/**
 * The options of a list (a <select>) as a second round of hints: a panel
 * between the corner squares with one row per option, each with its code.
 */
export const PANEL_CSS = `
.options { position: absolute; left: 200px; right: 200px; top: 16px; max-height: calc(100% - 90px); overflow: hidden;
  box-sizing: border-box; padding: 12px 16px; background: #fff; color: #111; border-radius: 10px;
  box-shadow: 0 0 0 3px #000, 0 0 0 6px #fff, 0 6px 18px 6px rgba(0,0,0,.4); font: 600 22px/1.3 system-ui, sans-serif; }
.options h2 { font: 700 22px/1.3 system-ui, sans-serif; margin: 0 0 8px; }
.options ul { list-style: none; margin: 0; padding: 0; columns: 260px auto; column-gap: 24px; }
.options li { display: flex; align-items: center; gap: 10px; padding: 3px 0; break-inside: avoid; transition: opacity .25s; }
.options li.faded { opacity: .15; }
.options li.current span { text-decoration: underline; }
.options .code { display: inline-flex; gap: 3px; padding: 1px 6px; border-radius: 6px; box-shadow: 0 0 0 2px #000;
  font-weight: 800; min-width: 1.2em; }
.options .code b { color: var(--c); font-weight: 800; }
`;

export interface PanelRow {
  code: Code;
  text: string;
  current: boolean;
}

export class OptionsPanel {
  private readonly panel: HTMLElement;
  private readonly rows: { row: PanelRow; li: HTMLElement; code: HTMLElement }[];

  constructor(
    private readonly tags: TagLayer,
    title: string,
    rows: readonly PanelRow[],
  ) {
    this.panel = document.createElement('div');
    this.panel.className = 'options';
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-label', title);
    const h = document.createElement('h2');
    h.append(paintedText(title));
    const ul = document.createElement('ul');
    this.rows = rows.map((row) => {
      const li = document.createElement('li');
      li.classList.toggle('current', row.current);
      const code = document.createElement('span');
      code.className = 'code';
      code.append(...tags.codeNodes(row.code));
      const text = document.createElement('span');
      text.append(paintedText(row.text));
      li.append(code, text);
      ul.append(li);
      return { row, li, code };
    });
    this.panel.append(h, ul);
    tags.root.append(this.panel);
  }

  narrow(prefix: readonly number[]): void {
    for (const r of this.rows) {
      const matching = startsWith(r.row.code, prefix);
      r.li.classList.toggle('faded', !matching);
      if (matching) r.code.replaceChildren(...this.tags.codeNodes(r.row.code.slice(prefix.length)));
    }
  }

  /** Each row's code and text with where they are drawn (for the test hook). */
  shown(prefix: readonly number[]): { row: PanelRow; tag: Rect; element: Rect; matching: boolean }[] {
    return this.rows.map((r) => ({
      row: r.row,
      tag: toRect(r.code.getBoundingClientRect()),
      element: toRect(r.li.getBoundingClientRect()),
      matching: startsWith(r.row.code, prefix),
    }));
  }

  remove(): void {
    this.panel.remove();
  }
}
