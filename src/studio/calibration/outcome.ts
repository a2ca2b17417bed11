import type { CalibrationVerdict } from '../../core/ssvep/calibration-verdict';
import type { Profile } from '../../core/ssvep/profile';
import { $ } from '../../extension/dom';
import { para } from './text';
import { DEFAULT_SCAN } from '../../core/browse/scan';
import { DEFAULT_BROWSING } from '../../core/protocol/layout';
import { handled } from '../../extension/handled';
import { ask } from '../../extension/messaging';
import { getSettings, SETTINGS_CHANGED } from '../messaging';

/** The result in plain words with its verdict, and the figures for technicians folded away. */
export function outcome(v: CalibrationVerdict, c: Profile['calibration'], suggestion: string): HTMLElement {
  const box = document.createElement('div');
  box.id = 'cal-outcome';
  box.className = `verdict ${v.verdict}`;
  box.dataset.verdict = v.verdict;
  const h = Object.assign(document.createElement('h3'), { textContent: v.headline });
  box.append(h, para(v.text));
  if (v.targets.length) {
    const ul = document.createElement('ul');
    ul.append(...v.targets.map((t) => Object.assign(document.createElement('li'), { textContent: t.text })));
    box.append(ul);
  }
  if (v.oneSwitch) box.append(oneSwitchOffer(v.oneSwitch));
  const details = document.createElement('details');
  details.append(
    Object.assign(document.createElement('summary'), { textContent: 'Details (for technicians)' }),
    para(
      c?.cvAccuracy !== undefined
        ? `Personal model (fbcca-lda) kept. Cross-validated accuracy: ${(100 * c.cvAccuracy).toFixed(0)} % of windows (${c.windows} windows, target and rest, 5 folds by trial); rest windows that would fire: ${(100 * (c.cvRestFired ?? 0)).toFixed(1)} %.`
        : 'Personal model not kept: the standard (training-free) detector, tuned to this calibration, is used.',
    ),
    para(
      `Chance among ${Math.round(1 / v.chance)} targets: ${(100 * v.chance).toFixed(0)} %. Classifier's note: ${suggestion}`,
    ),
  );
  box.append(details);
  return box;
}

/**
 * The check-in found four squares too many, and the Menu square (the
 * switch) standing out from rest: the carer can switch to one switch here.
 */
function oneSwitchOffer(o: NonNullable<CalibrationVerdict['oneSwitch']>): HTMLElement {
  const p = para(o.text);
  p.id = 'cal-one-switch';
  const use = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Use one switch' });
  const said = document.createElement('span');
  said.setAttribute('role', 'status');
  use.addEventListener(
    'click',
    handled('One switch', async () => {
      const s = await getSettings();
      const browsing = s.browsing ?? DEFAULT_BROWSING;
      await ask({
        to: 'background',
        type: 'set-settings',
        settings: {
          ...s,
          browsing: {
            ...browsing,
            oneSwitch: { on: true, stepSeconds: browsing.oneSwitch?.stepSeconds ?? DEFAULT_SCAN.stepSeconds },
          },
        },
      });
      use.disabled = true;
      said.textContent = ' One switch is on (Settings, "One switch", sets its speed).';
      // The Settings tab of this studio shows what is stored now, not what it read when it opened.
      document.dispatchEvent(new CustomEvent(SETTINGS_CHANGED));
    }),
  );
  p.append(' ', use, said);
  return p;
}

/** Asks through the page's own dialog; true only when the carer chose "Save anyway". */
export function confirmSave(reason: string, replacing: boolean): Promise<boolean> {
  const dialog = $<HTMLDialogElement>('cal-confirm');
  $('cal-confirm-title').textContent = replacing ? 'Replace the calibration in use?' : 'Save a result that is too low?';
  $('cal-confirm-keep').textContent = replacing ? 'Keep the one in use' : 'Do not save';
  $('cal-confirm-text').textContent = replacing
    ? `${reason} Keep the one in use, or save this one anyway?`
    : `${reason} Calibrating again after checking the headset is better.`;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'save'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}
