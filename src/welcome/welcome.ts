import browser from 'webextension-polyfill';
import type { Control, ToBackground } from '../core/protocol/messages';

/** The welcome page: what BrainBrowsR does, the photosensitivity warning, consent, and how to connect. */
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const send = (m: ToBackground) => browser.runtime.sendMessage(m) as Promise<Control>;

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
  void send({ to: 'background', type: 'set-control', patch: { consentAt: Date.now() } }).then(render);
});
$('withdraw').addEventListener('click', () => {
  $<HTMLInputElement>('consent-check').checked = false;
  $<HTMLButtonElement>('consent').disabled = true;
  void send({ to: 'background', type: 'set-control', patch: { consentAt: null, on: false } }).then(render);
});
$('open-connect').addEventListener(
  'click',
  () => void browser.tabs.create({ url: browser.runtime.getURL('src/connect/connect.html') }),
);
$('open-studio').addEventListener(
  'click',
  () => void browser.tabs.create({ url: browser.runtime.getURL('src/studio/studio.html') }),
);

void send({ to: 'background', type: 'get-control' }).then(render);
