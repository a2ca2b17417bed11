import { initCalibration } from './calibration';
import { initLive } from './live';
import { initRecordings } from './recordings';
import { initSettings } from './settings';

/** One extension tab for the carer and the researcher: calibration, live view, recordings, settings. */
const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('nav button'));
function show(name: string): void {
  for (const b of tabs) b.classList.toggle('on', b.dataset.tab === name);
  for (const s of document.querySelectorAll('section')) s.classList.toggle('on', s.id === name);
  history.replaceState(null, '', `#${name}`);
}
for (const b of tabs) b.addEventListener('click', () => show(b.dataset.tab!));
const initial = location.hash.slice(1);
if (tabs.some((b) => b.dataset.tab === initial)) show(initial);

void initSettings();
void initCalibration();
initLive();
void initRecordings();
