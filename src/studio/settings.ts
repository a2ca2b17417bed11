import { actionProblems, browsingProblems } from '../core/browse/settings-check';
import {
  ACTION_LABELS,
  type ActionName,
  type Corner,
  DEFAULT_BROWSING,
  type Layout,
  type StimulusTarget,
} from '../core/protocol/layout';
import type { Settings } from '../core/state/settings';
import type { Tuning } from '../core/ssvep/tuning';
import { RELAY_DEFAULT_PORT } from '../core/protocol/relay';
import { measureRefreshRate, renderable } from '../extension/stimulus-clock';
import { initBrowsingForm } from './browsing-settings';
import { handled } from '../extension/handled';
import { ask } from '../extension/messaging';
import { $ } from '../extension/dom';
import { getSettings } from './messaging';

/** Settings a carer can understand, validated against this display, applied live. */
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
const DEFAULT_TUNING: Tuning = { sensitivity: 3, dwell: 2, refractory: 1 };
const COLORS = ['#d62828', '#2a9d3a', '#1d4ed8', '#111111', '#9333ea', '#ea580c', '#0891b2', '#be185d'];

export function settingsProblems(s: Settings, refreshRate: number): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const t = s.layout.targets;
  if (t.length < 2 || t.length > 8) errors.push('Use 2 to 8 squares.');
  t.forEach((a, i) => {
    if (!(a.frequency >= 4 && a.frequency <= 60))
      errors.push(`${a.label}: ${a.frequency} flashes per second is outside 4 to 60.`);
    else if (!renderable(a.frequency, refreshRate))
      errors.push(
        `${a.label}: ${a.frequency} flashes per second cannot be shown on this screen (it refreshes ${refreshRate} times a second: at most ${refreshRate / 2 - 0.5}).`,
      );
    t.forEach((b, j) => {
      if (j <= i) return;
      if (Math.abs(a.frequency - b.frequency) < 0.5)
        errors.push(`${a.label} and ${b.label} flash at almost the same speed (keep them 0.5 apart).`);
      for (const k of [2, 3]) {
        if (Math.abs(a.frequency * k - b.frequency) < 0.3 || Math.abs(b.frequency * k - a.frequency) < 0.3) {
          warnings.push(
            `${b.label} (${b.frequency}) flashes ${k} times as fast as ${a.label} (${a.frequency}): they may be confused.`,
          );
        }
      }
    });
  });
  const alpha = t.filter((a) => a.frequency >= 8 && a.frequency <= 12.5);
  if (alpha.length)
    warnings.push(
      `${alpha.map((a) => `${a.label} (${a.frequency})`).join(', ')}: a resting brain has its own rhythm at 8 to 12.5 flashes per second, so ${alpha.length > 1 ? 'these squares' : 'this square'} may be selected by mistake while the person rests. The calibration shows how much.`,
    );
  if (!(s.layout.size >= 60 && s.layout.size <= 400)) errors.push('The size of the squares must be 60 to 400 pixels.');
  const tu = s.tuning ?? DEFAULT_TUNING;
  if (!(tu.sensitivity >= 1 && tu.sensitivity <= 5)) errors.push('How easily it selects must be 1 to 5.');
  if (!(tu.dwell >= 1 && tu.dwell <= 8)) errors.push('Extra look time must be 1 to 8.');
  if (!(tu.refractory >= 0 && tu.refractory <= 10)) errors.push('The rest after a selection must be 0 to 10 seconds.');
  errors.push(...actionProblems(s.layout), ...browsingProblems(s.browsing ?? DEFAULT_BROWSING));
  const port = s.relayPort ?? RELAY_DEFAULT_PORT;
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) errors.push('The relay port must be 1 to 65535.');
  if (s.relay && !s.relayToken) {
    warnings.push('Sharing is on but not paired: nothing is shared until the relay’s token is pasted.');
  }
  return { errors, warnings };
}

export async function initSettings(): Promise<void> {
  let settings: Settings = await getSettings();
  const refreshRate = await measureRefreshRate(30);
  $('refresh').textContent =
    `This screen refreshes ${refreshRate} times a second (${refreshRate} Hz): squares can flash at up to ${refreshRate / 2 - 0.5} Hz.`;

  const browsing = initBrowsingForm(settings.browsing ?? DEFAULT_BROWSING, () => validate());

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
      const text = input({ value: t.label, size: '12', class: 't-label' });
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
      div.setAttribute('role', 'group');
      div.setAttribute('aria-label', `Square ${i + 1}`);
      div.append(
        `${i + 1}. `,
        field('Name', text),
        field('Place', select(POSITIONS, t.position, 't-pos', PLACES)),
        field('On social feeds', select(actions, t.feedAction, 't-feed', ACTION_LABELS)),
        field('On other pages', select(actions, t.pageAction, 't-page', ACTION_LABELS)),
        field('Colour', color),
        field('Flashes per second (Hz)', freq),
      );
      return div;
    });
    const add = document.createElement('button');
    add.textContent = 'Add a square';
    add.id = 'add-target';
    add.addEventListener('click', () => {
      read();
      const n = settings.layout.targets.length;
      if (n >= 8) return;
      settings.layout.targets.push({
        index: n,
        label: `Square ${n + 1}`,
        frequency: 14 + n,
        color: COLORS[n % COLORS.length],
        position: POSITIONS[n % POSITIONS.length],
        feedAction: 'scroll-down',
        pageAction: 'scroll-down',
      });
      render();
    });
    const remove = document.createElement('button');
    remove.textContent = 'Remove the last square';
    remove.addEventListener('click', () => {
      read();
      if (settings.layout.targets.length > 2) settings.layout.targets.pop();
      render();
    });
    const tu = settings.tuning ?? DEFAULT_TUNING;
    const tuning = document.createElement('p');
    tuning.append(
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
    $('targets').replaceChildren(...rows, add, ' ', remove);
    $('tuning').replaceChildren(tuning);
    $<HTMLSelectElement>('mains').value = String(settings.mains);
    $<HTMLInputElement>('size').value = String(settings.layout.size);
    $<HTMLInputElement>('relay').checked = settings.relay;
    $<HTMLInputElement>('relay-token').value = settings.relayToken ?? '';
    $<HTMLInputElement>('relay-port').value = String(settings.relayPort ?? RELAY_DEFAULT_PORT);
    validate();
  }

  function read(): Settings {
    const rows = Array.from(document.querySelectorAll<HTMLElement>('.target-row'));
    const targets: StimulusTarget[] = rows.map((r, i) => ({
      index: i,
      label: (r.querySelector('.t-label') as HTMLInputElement).value.trim() || `Square ${i + 1}`,
      frequency: Number((r.querySelector('.t-freq') as HTMLInputElement).value),
      color: (r.querySelector('.t-color') as HTMLInputElement).value,
      position: (r.querySelector('.t-pos') as HTMLSelectElement).value as Corner,
      feedAction: (r.querySelector('.t-feed') as HTMLSelectElement).value as ActionName,
      pageAction: (r.querySelector('.t-page') as HTMLSelectElement).value as ActionName,
    }));
    const layout: Layout = { size: Number($<HTMLInputElement>('size').value), targets };
    settings = {
      ...settings,
      layout,
      mains: Number($<HTMLSelectElement>('mains').value) as 50 | 60,
      relay: $<HTMLInputElement>('relay').checked,
      relayToken: $<HTMLInputElement>('relay-token').value.trim() || undefined,
      relayPort: Number($<HTMLInputElement>('relay-port').value),
      tuning: {
        sensitivity: Number($<HTMLInputElement>('sensitivity').value),
        dwell: Number($<HTMLInputElement>('dwell').value),
        refractory: Number($<HTMLInputElement>('refractory').value),
      },
      browsing: browsing.read(),
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
  $('tuning').addEventListener('change', () => validate());
  $('relay-box').addEventListener('change', () => validate());
  const failed = (reason: string, what: string) => ($('settings-status').textContent = `${what} failed: ${reason}`);
  $('settings-save').addEventListener(
    'click',
    handled(
      'Applying the settings',
      async () => {
        if (!validate()) {
          $('settings-status').textContent = 'Not applied: fix the problems above.';
          return;
        }
        await ask({ to: 'background', type: 'set-settings', settings: read() });
        $('settings-status').textContent = 'Applied.';
      },
      failed,
    ),
  );
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
  $('settings-import').addEventListener(
    'change',
    handled('Importing settings', async (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (!file) return;
      try {
        const s = JSON.parse(await file.text()) as Settings;
        if (!s?.layout?.targets || !Array.isArray(s.layout.targets)) throw new Error('not a BrainBrowsR settings file');
        // Sharing with the relay is this computer's choice: a file neither switches it on nor re-points it.
        const { relay: _r, relayToken: _t, relayPort: _p, ...shared } = s;
        settings = { ...settings, ...shared };
        browsing.show(settings.browsing ?? DEFAULT_BROWSING);
        render();
        $('settings-status').textContent = validate()
          ? 'Loaded: press Apply to use these settings.'
          : 'Loaded, but see the problems above.';
      } catch (err) {
        $('settings-status').textContent = `Cannot load ${file.name}: ${(err as Error).message}`;
      }
    }),
  );
  render();
}
