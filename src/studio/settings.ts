import { ACTION_LABELS, type ActionName, type Corner, type Layout, type StimulusTarget } from '../core/protocol/layout';
import type { Settings, Tuning } from '../core/protocol/messages';
import { measureRefreshRate, renderable } from '../content/stimulus-clock';
import { $, getSettings, toBackground } from './messaging';

/** Settings a carer can understand, validated against this display, applied live. */
const POSITIONS: Corner[] = ['top-left', 'top', 'top-right', 'left', 'right', 'bottom-left', 'bottom', 'bottom-right'];
const DEFAULT_TUNING: Tuning = { sensitivity: 3, dwell: 2, refractory: 1 };
const COLORS = ['#d62828', '#2a9d3a', '#1d4ed8', '#111111', '#9333ea', '#ea580c', '#0891b2', '#be185d'];

export function settingsProblems(s: Settings, refreshRate: number): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const t = s.layout.targets;
  if (t.length < 2 || t.length > 8) errors.push('Use 2 to 8 targets.');
  t.forEach((a, i) => {
    if (!(a.frequency >= 4 && a.frequency <= 60)) errors.push(`${a.label}: ${a.frequency} Hz is outside 4-60 Hz.`);
    else if (!renderable(a.frequency, refreshRate))
      errors.push(
        `${a.label}: ${a.frequency} Hz cannot be shown on this ${refreshRate} Hz display (at most ${refreshRate / 2 - 0.5} Hz).`,
      );
    t.forEach((b, j) => {
      if (j <= i) return;
      if (Math.abs(a.frequency - b.frequency) < 0.5)
        errors.push(`${a.label} and ${b.label} are less than 0.5 Hz apart.`);
      for (const k of [2, 3]) {
        if (Math.abs(a.frequency * k - b.frequency) < 0.3 || Math.abs(b.frequency * k - a.frequency) < 0.3) {
          warnings.push(
            `${b.label} (${b.frequency} Hz) is a harmonic of ${a.label} (${a.frequency} Hz): they may be confused.`,
          );
        }
      }
    });
    if (a.frequency >= 8 && a.frequency <= 12.5)
      warnings.push(`${a.label} (${a.frequency} Hz) is in the alpha band: it may fire while the user rests.`);
  });
  if (!(s.layout.size >= 60 && s.layout.size <= 400)) errors.push('Target size must be 60-400 px.');
  const tu = s.tuning ?? DEFAULT_TUNING;
  if (!(tu.sensitivity >= 1 && tu.sensitivity <= 5)) errors.push('Sensitivity must be 1-5.');
  if (!(tu.dwell >= 1 && tu.dwell <= 8)) errors.push('Dwell must be 1-8 windows.');
  if (!(tu.refractory >= 0 && tu.refractory <= 10)) errors.push('Pause after a selection must be 0-10 s.');
  return { errors, warnings };
}

export async function initSettings(): Promise<void> {
  let settings: Settings = await getSettings();
  const refreshRate = await measureRefreshRate(30);
  $('refresh').textContent =
    `This display refreshes at ${refreshRate} Hz: targets can flicker at up to ${refreshRate / 2 - 0.5} Hz.`;

  const input = (props: Record<string, string>): HTMLInputElement => {
    const e = document.createElement('input');
    for (const [k, v] of Object.entries(props)) e.setAttribute(k, v);
    if (props.value !== undefined) e.value = props.value;
    return e;
  };
  const field = (label: string, input: HTMLElement) => {
    const l = document.createElement('label');
    l.append(`${label} `, input);
    return l;
  };

  function render(): void {
    const rows = settings.layout.targets.map((t, i) => {
      const div = document.createElement('div');
      div.className = 'target-row';
      const text = input({ value: t.label, size: '10', class: 't-label' });
      const freq = input({ type: 'number', value: String(t.frequency), step: '0.1', class: 't-freq' });
      const color = input({ type: 'color', value: t.color, class: 't-color' });
      const select = (
        options: string[],
        value: string,
        cls: string,
        labels?: Record<string, string>,
      ): HTMLSelectElement => {
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
      };
      const actions = Object.keys(ACTION_LABELS);
      div.append(
        `${i + 1}. `,
        field('Label', text),
        field('Hz', freq),
        field('Colour', color),
        field('Position', select(POSITIONS, t.position, 't-pos')),
        field('On feeds', select(actions, t.feedAction, 't-feed', ACTION_LABELS)),
        field('Elsewhere', select(actions, t.pageAction, 't-page', ACTION_LABELS)),
      );
      return div;
    });
    const add = document.createElement('button');
    add.textContent = 'Add a target';
    add.id = 'add-target';
    add.addEventListener('click', () => {
      read();
      const n = settings.layout.targets.length;
      if (n >= 8) return;
      settings.layout.targets.push({
        index: n,
        label: `Target ${n + 1}`,
        frequency: 14 + n,
        color: COLORS[n % COLORS.length],
        position: POSITIONS[n % POSITIONS.length],
        feedAction: 'scroll-down',
        pageAction: 'scroll-down',
      });
      render();
    });
    const remove = document.createElement('button');
    remove.textContent = 'Remove the last target';
    remove.addEventListener('click', () => {
      read();
      if (settings.layout.targets.length > 2) settings.layout.targets.pop();
      render();
    });
    const tu = settings.tuning ?? DEFAULT_TUNING;
    const tuning = document.createElement('p');
    tuning.append(
      field(
        'Sensitivity (1 = fewest mistakes, 5 = fastest)',
        input({ type: 'number', id: 'sensitivity', min: '1', max: '5', value: String(tu.sensitivity) }),
      ),
      field(
        'Dwell (windows that must agree)',
        input({ type: 'number', id: 'dwell', min: '1', max: '8', value: String(tu.dwell) }),
      ),
      field(
        'Pause after a selection (s)',
        input({ type: 'number', id: 'refractory', min: '0', max: '10', step: '0.5', value: String(tu.refractory) }),
      ),
    );
    $('targets').replaceChildren(...rows, add, remove, tuning);
    ($('mains') as HTMLSelectElement).value = String(settings.mains);
    ($('size') as HTMLInputElement).value = String(settings.layout.size);
    ($('relay') as HTMLInputElement).checked = settings.relay;
    ($('relay-token') as HTMLInputElement).value = settings.relayToken ?? '';
    validate();
  }

  function read(): Settings {
    const rows = Array.from(document.querySelectorAll<HTMLElement>('.target-row'));
    const targets: StimulusTarget[] = rows.map((r, i) => ({
      index: i,
      label: (r.querySelector('.t-label') as HTMLInputElement).value.trim() || `Target ${i + 1}`,
      frequency: Number((r.querySelector('.t-freq') as HTMLInputElement).value),
      color: (r.querySelector('.t-color') as HTMLInputElement).value,
      position: (r.querySelector('.t-pos') as HTMLSelectElement).value as Corner,
      feedAction: (r.querySelector('.t-feed') as HTMLSelectElement).value as ActionName,
      pageAction: (r.querySelector('.t-page') as HTMLSelectElement).value as ActionName,
    }));
    const layout: Layout = { size: Number(($('size') as HTMLInputElement).value), targets };
    settings = {
      ...settings,
      layout,
      mains: Number(($('mains') as HTMLSelectElement).value) as 50 | 60,
      relay: ($('relay') as HTMLInputElement).checked,
      relayToken: ($('relay-token') as HTMLInputElement).value.trim() || undefined,
      tuning: {
        sensitivity: Number(($('sensitivity') as HTMLInputElement).value),
        dwell: Number(($('dwell') as HTMLInputElement).value),
        refractory: Number(($('refractory') as HTMLInputElement).value),
      },
    };
    return settings;
  }

  function validate(): boolean {
    const { errors, warnings } = settingsProblems(read(), refreshRate);
    $('settings-warnings').replaceChildren(
      ...errors.map((e) => Object.assign(document.createElement('div'), { className: 'error', textContent: e })),
      ...warnings.map((w) => Object.assign(document.createElement('div'), { className: 'warn', textContent: w })),
    );
    return errors.length === 0;
  }

  // Checked while typing: problems shown only on blur pushed the Apply button away under the pointer.
  $('targets').addEventListener('input', () => validate());
  $('targets').addEventListener('change', () => validate());
  $('settings-save').addEventListener('click', async () => {
    if (!validate()) {
      $('settings-status').textContent = 'Not applied: fix the errors above.';
      return;
    }
    await toBackground({ to: 'background', type: 'set-settings', settings: read() });
    $('settings-status').textContent = 'Applied.';
  });
  $('settings-export').addEventListener('click', () => {
    // The relay token is a secret of this computer: it is not exported.
    const blob = new Blob([JSON.stringify({ ...read(), relayToken: undefined }, null, 2)], {
      type: 'application/json',
    });
    Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(blob),
      download: 'brainbrowsr-settings.json',
    }).click();
  });
  $('settings-import').addEventListener('change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const s = JSON.parse(await file.text()) as Settings;
      if (!s?.layout?.targets || !Array.isArray(s.layout.targets)) throw new Error('not a BrainBrowsR settings file');
      settings = { ...settings, ...s };
      render();
      $('settings-status').textContent = validate() ? 'Imported: press Apply.' : 'Imported, but see the errors above.';
    } catch (err) {
      $('settings-status').textContent = `Cannot import ${file.name}: ${(err as Error).message}`;
    }
  });
  render();
}
