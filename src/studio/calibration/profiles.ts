import { calibrationVerdict, type Verdict } from '../../core/ssvep/calibration-verdict';
import { activateProfile, deleteProfile, listProfiles, type StoredProfile } from '../../extension/recordings-db';
import { $ } from '../../extension/dom';
import { handled } from '../../extension/handled';
import { tell } from '../../extension/messaging';

/** What a saved calibration scored: as judged when saved, or (older ones) its cross-validated windows. */
export function savedResult(p: StoredProfile): { accuracy: number; verdict: Verdict } | undefined {
  if (p.result) return p.result;
  const acc = p.profile.calibration?.cvAccuracy;
  if (acc === undefined) return undefined;
  const v = calibrationVerdict({ accuracy: acc, targets: p.profile.signal.targets.length });
  return { accuracy: acc, verdict: v.verdict };
}

const VERDICT_WORDS = { good: 'good', usable: 'usable', 'too-low': 'too low' } as const;

/** The saved calibrations' table, each with "Use this one" and "Delete". */
export async function renderProfiles(): Promise<void> {
  const list = await listProfiles();
  if (list.length === 0) {
    const td = Object.assign(document.createElement('td'), {
      colSpan: 5,
      textContent: 'None yet: the demo headset uses its built-in calibration, real headsets none.',
    });
    const tr = document.createElement('tr');
    tr.append(td);
    $('profiles').replaceChildren(tr);
    return;
  }
  $('profiles').replaceChildren(...list.map(profileRow));
}

function profileRow(p: StoredProfile): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const td = (text: string) => Object.assign(document.createElement('td'), { textContent: text });
  const actions = document.createElement('td');
  const use = document.createElement('button');
  use.textContent = p.active ? 'In use' : 'Use this one';
  use.disabled = p.active;
  use.addEventListener(
    'click',
    handled('Choosing the calibration', async () => {
      await activateProfile(p.id!);
      await tell({ to: 'offscreen', type: 'profile-changed' });
      await renderProfiles();
    }),
  );
  const del = document.createElement('button');
  del.textContent = 'Delete';
  del.setAttribute('aria-label', `Delete ${p.name}`);
  del.addEventListener(
    'click',
    handled('Deleting the calibration', async () => {
      if (!confirm(`Delete "${p.name}"?`)) return;
      await deleteProfile(p.id!);
      await tell({ to: 'offscreen', type: 'profile-changed' });
      await renderProfiles();
    }),
  );
  actions.append(use, ' ', del);
  const r = savedResult(p);
  tr.append(
    td(p.name),
    td(p.device === 'simulated' ? 'Demo headset' : p.device),
    td(new Date(p.createdAt).toLocaleString()),
    td(r ? `${VERDICT_WORDS[r.verdict]} (${Math.round(100 * r.accuracy)} of 100)` : '-'),
    actions,
  );
  return tr;
}
