import browser from 'webextension-polyfill';
import type { Control } from '../core/protocol/messages';
import { $ } from '../extension/dom';
import { ask } from '../extension/messaging';

/** The welcome page: what BrainBrowsR does, the photosensitivity warning, consent, and how to connect. */
const logged = (e: unknown) => console.error('[BrainBrowsR] welcome: consent could not be read or kept', e);

function render(c: Control): void {
  const given = c.consentAt != null;
  $('consent-form').hidden = given;
  $('withdraw').hidden = !given;
  $('consent-state').textContent = given
    ? `Flickering squares allowed (${new Date(c.consentAt!).toLocaleString()}). They still appear only when a headset is connected and BrainBrowsR is switched on.`
    : '';
}

$<HTMLInputElement>('consent-check').addEventListener('change', (e) => {
  $<HTMLButtonElement>('consent').disabled = !(e.target as HTMLInputElement).checked;
});
$('consent-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!$<HTMLInputElement>('consent-check').checked) return;
  ask({ to: 'background', type: 'set-control', patch: { consentAt: Date.now() } })
    .then(render)
    .catch(logged);
});
$('withdraw').addEventListener('click', () => {
  $<HTMLInputElement>('consent-check').checked = false;
  $<HTMLButtonElement>('consent').disabled = true;
  ask({ to: 'background', type: 'set-control', patch: { consentAt: null, on: false } })
    .then(render)
    .catch(logged);
});
$('open-connect').addEventListener(
  'click',
  () => void browser.tabs.create({ url: browser.runtime.getURL('src/connect/connect.html') }),
);
$('open-studio').addEventListener(
  'click',
  () => void browser.tabs.create({ url: browser.runtime.getURL('src/studio/studio.html') }),
);

ask({ to: 'background', type: 'get-control' }).then(render).catch(logged);
