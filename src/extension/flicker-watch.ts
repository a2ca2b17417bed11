import browser from 'webextension-polyfill';
import { STORAGE_KEYS, type Control, type HelpState } from '../core/protocol/messages';
import type { FlickerConditions, FlickerGate } from './flicker-gate';

/**
 * Keeps a flicker gate of an extension page (calibration, check-in) in step
 * with what was decided: consent in storage.local, a call for help in
 * storage.session. Resolves once the gate knows both; a change (consent
 * withdrawn, help called) reaches the gate at once.
 */
export async function watchFlickerGate(gate: FlickerGate): Promise<void> {
  const consented = (c: unknown) => (c as Partial<Control> | undefined)?.consentAt != null;
  const helpCalled = (h: unknown) => (h as HelpState | undefined)?.calledAt !== undefined;
  // A change seen before the first read answers is newer than that answer.
  const changed = new Set<keyof FlickerConditions>();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STORAGE_KEYS.control in changes) {
      changed.add('consented');
      gate.set({ consented: consented(changes[STORAGE_KEYS.control].newValue) });
    }
    if (area === 'session' && STORAGE_KEYS.help in changes) {
      changed.add('helpCalled');
      gate.set({ helpCalled: helpCalled(changes[STORAGE_KEYS.help].newValue) });
    }
  });
  const [local, session] = await Promise.all([
    browser.storage.local.get(STORAGE_KEYS.control),
    browser.storage.session.get(STORAGE_KEYS.help),
  ]);
  if (!changed.has('consented')) gate.set({ consented: consented(local[STORAGE_KEYS.control]) });
  if (!changed.has('helpCalled')) gate.set({ helpCalled: helpCalled(session[STORAGE_KEYS.help]) });
}
