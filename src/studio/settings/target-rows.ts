import { ACTION_LABELS, type ActionName, type Corner, type StimulusTarget } from '../../core/protocol/layout';
import type { Tuning } from '../../core/ssvep/tuning';
import { $ } from '../../extension/dom';

/** The squares' rows and the decision tuning of the settings form: drawn from settings, read back from the page. */
const PLACES: Record<Corner, string> = {
  'top-left': 'top left',
  top: 'top',
  'top-right': 'top right',
  left: 'left',
  right: 'right',
  'bottom-left': 'bottom left',
  bottom: 'bottom',
  'bottom-right': 'bottom right',
};
const POSITIONS: Corner[] = ['top-left', 'top', 'top-right', 'left', 'right', 'bottom-left', 'bottom', 'bottom-right'];
const COLORS = ['#d62828', '#2a9d3a', '#1d4ed8', '#111111', '#9333ea', '#ea580c', '#0891b2', '#be185d'];

function input(props: Record<string, string>): HTMLInputElement {
  const e = document.createElement('input');
  for (const [k, v] of Object.entries(props)) e.setAttribute(k, v);
  if (props.value !== undefined) e.value = props.value;
  return e;
}

function field(label: string, control: HTMLElement): HTMLLabelElement {
  const l = document.createElement('label');
  l.append(`${label} `, control);
  return l;
}

function select(options: string[], value: string, cls: string, labels?: Record<string, string>): HTMLSelectElement {
  const sel = document.createElement('select');
  sel.className = cls;
  for (const o of options) {
    const opt = document.createElement('option');
    opt.value = o;
    opt.textContent = labels?.[o] ?? o;
    opt.selected = o === value;
    sel.append(opt);
  }
  return sel;
}

/** One square's row: name, place, what it does on feeds and other pages, colour, flashes per second. */
export function targetRow(t: StimulusTarget, i: number): HTMLDivElement {
  const div = document.createElement('div');
  div.className = 'target-row';
  const actions = Object.keys(ACTION_LABELS);
  div.setAttribute('role', 'group');
  div.setAttribute('aria-label', `Square ${i + 1}`);
  div.append(
    `${i + 1}. `,
    field('Name in recordings', input({ value: t.label, size: '12', class: 't-label' })),
    field('Place', select(POSITIONS, t.position, 't-pos', PLACES)),
    field('On social feeds', select(actions, t.feedAction, 't-feed', ACTION_LABELS)),
    field('On other pages', select(actions, t.pageAction, 't-page', ACTION_LABELS)),
    field('Colour', input({ type: 'color', value: t.color, class: 't-color' })),
    field(
      'Flashes per second (Hz)',
      input({ type: 'number', value: String(t.frequency), step: '0.1', class: 't-freq' }),
    ),
  );
  return div;
}

/** The square added as the `n`th (0-based): a colour, place and frequency of its own. */
export function newTarget(n: number): StimulusTarget {
  return {
    index: n,
    label: `Square ${n + 1}`,
    frequency: 14 + n,
    color: COLORS[n % COLORS.length],
    position: POSITIONS[n % POSITIONS.length],
    feedAction: 'scroll-down',
    pageAction: 'scroll-down',
  };
}

/** The squares as the rows on the page say now. */
export function readTargetRows(): StimulusTarget[] {
  const rows = Array.from(document.querySelectorAll<HTMLElement>('.target-row'));
  return rows.map((r, i) => ({
    index: i,
    label: (r.querySelector('.t-label') as HTMLInputElement).value.trim() || `Square ${i + 1}`,
    frequency: Number((r.querySelector('.t-freq') as HTMLInputElement).value),
    color: (r.querySelector('.t-color') as HTMLInputElement).value,
    position: (r.querySelector('.t-pos') as HTMLSelectElement).value as Corner,
    feedAction: (r.querySelector('.t-feed') as HTMLSelectElement).value as ActionName,
    pageAction: (r.querySelector('.t-page') as HTMLSelectElement).value as ActionName,
  }));
}

/** The decision tuning's three fields. */
export function tuningFields(tu: Tuning): HTMLParagraphElement {
  const p = document.createElement('p');
  p.append(
    field(
      'How easily it selects (1 = safest, fewest mistakes; 5 = quickest)',
      input({ type: 'number', id: 'sensitivity', min: '1', max: '5', value: String(tu.sensitivity) }),
    ),
    field(
      'Extra look time before it selects (1 = none; each step adds a quarter second)',
      input({ type: 'number', id: 'dwell', min: '1', max: '8', value: String(tu.dwell) }),
    ),
    field(
      'Rest after each selection, when nothing is selected (seconds)',
      input({ type: 'number', id: 'refractory', min: '0', max: '10', step: '0.5', value: String(tu.refractory) }),
    ),
  );
  return p;
}

export function readTuning(): Tuning {
  return {
    sensitivity: Number($<HTMLInputElement>('sensitivity').value),
    dwell: Number($<HTMLInputElement>('dwell').value),
    refractory: Number($<HTMLInputElement>('refractory').value),
  };
}
