import { initCalibration } from './calibration/page';
import { initHelp, showHelp } from './help';
import { initLive } from './live/page';
import { initRecordings } from './recordings';
import { initSettings } from './settings/page';

/**
 * One extension tab for the carer and the researcher: calibrate, headset
 * check, recordings, settings, help. Tabs follow the WAI-ARIA tabs pattern:
 * one tab stop, arrow keys / Home / End move between tabs and show them.
 */
const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role=tab]'));
const TITLE = document.title;

function show(name: string, focus = false): void {
  for (const b of tabs) {
    const on = b.dataset.tab === name;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
    if (on && focus) b.focus();
  }
  for (const s of document.querySelectorAll<HTMLElement>('[role=tabpanel]')) s.hidden = s.id !== `panel-${name}`;
  // The Help tab titles the page after the document it shows.
  if (name !== 'help') document.title = TITLE;
}

for (const b of tabs) {
  b.addEventListener('click', () => {
    show(b.dataset.tab!);
    history.replaceState(null, '', `#${b.dataset.tab}`);
  });
  b.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(b);
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    show(tabs[to].dataset.tab!, true);
    history.replaceState(null, '', `#${tabs[to].dataset.tab}`);
  });
}

/** #settings, #help, #help/devices ... */
function fromHash(): void {
  const [name, page] = location.hash.slice(1).split('/');
  if (tabs.some((b) => b.dataset.tab === name)) show(name);
  else show('calibration');
  if (name === 'help') showHelp(page);
}
initHelp();
window.addEventListener('hashchange', fromHash);
fromHash();

void initSettings();
void initCalibration();
initLive();
void initRecordings();
