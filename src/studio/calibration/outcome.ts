import type { CalibrationVerdict } from '../../core/ssvep/calibration-verdict';
import type { Profile } from '../../core/ssvep/profile';
import { $ } from '../../extension/dom';
import { para } from './text';

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
