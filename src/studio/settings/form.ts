import { DEFAULT_BROWSING, type Layout } from '../../core/protocol/layout';
import { RELAY_DEFAULT_PORT } from '../../core/protocol/relay';
import type { Settings } from '../../core/state/settings';
import { $ } from '../../extension/dom';
import { type BrowsingForm, initBrowsingForm } from './browsing-form';
import { DEFAULT_TUNING, settingsProblems } from './problems';
import { newTarget, readTargetRows, readTuning, targetRow, tuningFields } from './target-rows';

/**
 * The settings form: drawn from the settings, read back from the page,
 * checked against this screen's refresh rate while the carer types.
 */
export class SettingsForm {
  private readonly browsing: BrowsingForm;

  constructor(
    private settings: Settings,
    private readonly refreshRate: number,
  ) {
    this.browsing = initBrowsingForm(settings.browsing ?? DEFAULT_BROWSING, () => this.validate());
    // Checked while typing: problems shown only on blur pushed the Apply button away under the pointer.
    $('targets').addEventListener('input', () => this.validate());
    $('targets').addEventListener('change', () => this.validate());
    $('tuning').addEventListener('change', () => this.validate());
    $('relay-box').addEventListener('change', () => this.validate());
  }

  /** Shows settings loaded from elsewhere (a file): the browsing part too. */
  load(settings: Settings): void {
    this.settings = settings;
    this.browsing.show(settings.browsing ?? DEFAULT_BROWSING);
    this.render();
  }

  render(): void {
    const s = this.settings;
    const add = Object.assign(document.createElement('button'), { textContent: 'Add a square', id: 'add-target' });
    add.addEventListener('click', () => {
      this.read();
      const n = this.settings.layout.targets.length;
      if (n >= 8) return;
      this.settings.layout.targets.push(newTarget(n));
      this.render();
    });
    const remove = Object.assign(document.createElement('button'), { textContent: 'Remove the last square' });
    remove.addEventListener('click', () => {
      this.read();
      if (this.settings.layout.targets.length > 2) this.settings.layout.targets.pop();
      this.render();
    });
    $('targets').replaceChildren(...s.layout.targets.map(targetRow), add, ' ', remove);
    $('tuning').replaceChildren(tuningFields(s.tuning ?? DEFAULT_TUNING));
    $<HTMLSelectElement>('mains').value = String(s.mains);
    $<HTMLInputElement>('size').value = String(s.layout.size);
    $<HTMLInputElement>('relay').checked = s.relay;
    $<HTMLInputElement>('relay-token').value = s.relayToken ?? '';
    $<HTMLInputElement>('relay-port').value = String(s.relayPort ?? RELAY_DEFAULT_PORT);
    this.validate();
  }

  /** The settings as the page says now (kept: the next render starts from them). */
  read(): Settings {
    const layout: Layout = { size: Number($<HTMLInputElement>('size').value), targets: readTargetRows() };
    this.settings = {
      ...this.settings,
      layout,
      mains: Number($<HTMLSelectElement>('mains').value) as 50 | 60,
      relay: $<HTMLInputElement>('relay').checked,
      relayToken: $<HTMLInputElement>('relay-token').value.trim() || undefined,
      relayPort: Number($<HTMLInputElement>('relay-port').value),
      tuning: readTuning(),
      browsing: this.browsing.read(),
    };
    return this.settings;
  }

  /** Shows the problems of what the page says now; true when nothing stops applying it. */
  validate(): boolean {
    const { errors, warnings } = settingsProblems(this.read(), this.refreshRate);
    $('settings-warnings').replaceChildren(
      ...errors.map((e) => Object.assign(document.createElement('div'), { className: 'error', textContent: e })),
      ...warnings.map((w) => Object.assign(document.createElement('div'), { className: 'warn', textContent: w })),
    );
    return errors.length === 0;
  }
}
