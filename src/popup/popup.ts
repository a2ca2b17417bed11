import browser from 'webextension-polyfill';
import { STORAGE_KEYS, type StreamStatus } from '../core/protocol/messages';

/** The popup shows the stream state; choosing a device happens in a tab (choosers close popups). */
const $ = (id: string) => document.getElementById(id)!;

function render(s: StreamStatus | undefined): void {
  const state = s?.state ?? 'off';
  $('state').textContent = state === 'signal-lost' ? 'signal lost' : state;
  $('state').className = `state ${state}`;
  $('device').textContent = s?.deviceName ?? s?.device ?? 'none';
  $('lost').textContent = String(s?.samplesLost ?? 0);
  $('calibrated').textContent = s ? (s.calibrated ? 'calibrated' : 'not calibrated') : '-';
  $('relay').textContent = s?.relay ?? 'off';
  $('message').textContent = s?.message ?? '';
}

void browser.storage.session.get(STORAGE_KEYS.status).then((got) => render(got[STORAGE_KEYS.status] as StreamStatus));
browser.storage.session.onChanged.addListener((changes) => {
  const c = changes[STORAGE_KEYS.status];
  if (c) render(c.newValue as StreamStatus);
});
$('connect').addEventListener('click', () => {
  void browser.tabs.create({ url: browser.runtime.getURL('src/connect/connect.html') });
  window.close();
});
$('studio').addEventListener('click', () => {
  void browser.tabs.create({ url: browser.runtime.getURL('src/studio/studio.html') });
  window.close();
});
