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
function fromHash(): void {
  const name = location.hash.slice(1);
  if (tabs.some((b) => b.dataset.tab === name)) show(name);
}
window.addEventListener('hashchange', fromHash);
fromHash();

void initSettings();
void initCalibration();
initLive();
void initRecordings();
