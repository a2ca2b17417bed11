import browser from 'webextension-polyfill';
import { STORAGE_KEYS, type HelpCall, type HelpState, type ToContent } from '../core/protocol/messages';
import { ask, unheard } from '../extension/messaging';
import { clearHelpNotification, installNotificationListeners, showHelpNotification } from './help-notification';

/**
 * Call for help (the menu): a notification that stays until a carer deals
 * with it, an alarm sound from the offscreen document that repeats until
 * then, and a banner on every page. Answering in the extension's own UI
 * (the notification, its button, the popup; never a page) ends all three.
 * The call is kept in storage.session, so a restarted service worker or a
 * page opened later still knows about it.
 */
const KEY = STORAGE_KEYS.help;

export interface HelpHost {
  /** Creates the offscreen document if there is none (it plays the alarm). */
  ensureOffscreen(): Promise<void>;
  toAllTabs(m: ToContent): Promise<void>;
}

export async function helpState(): Promise<HelpState> {
  const got = await browser.storage.session.get(KEY);
  return (got[KEY] as HelpState | undefined) ?? {};
}

async function alarm(on: boolean): Promise<boolean> {
  // A document created a moment ago may not listen yet; stopping needs no document that is not there.
  for (let attempt = 0; attempt < (on ? 5 : 1); attempt++) {
    try {
      return (await ask({ to: 'offscreen', type: 'help-alarm', on })).playing;
    } catch (e) {
      if (!unheard(e)) {
        console.warn('[BrainBrowsR] help alarm failed', e);
        return false;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

export async function callHelp(host: HelpHost): Promise<HelpCall> {
  const state: HelpState = { calledAt: (await helpState()).calledAt ?? Date.now() };
  await browser.storage.session.set({ [KEY]: state });
  const banners = host.toAllTabs({ to: 'content', type: 'help', help: state });
  const sound = host
    .ensureOffscreen()
    .then(() => alarm(true))
    .catch((e: unknown) => {
      // The reply says no sound; the notification and the banners still call the carer.
      console.warn('[BrainBrowsR] no offscreen document for the help alarm', e);
      return false;
    });
  const [notification, playing] = await Promise.all([showHelpNotification(), sound, banners]);
  return { notification, sound: playing };
}

export async function answerHelp(host: HelpHost): Promise<void> {
  if ((await helpState()).calledAt === undefined) return;
  await browser.storage.session.remove(KEY);
  await Promise.all([alarm(false), clearHelpNotification(), host.toAllTabs({ to: 'content', type: 'help', help: {} })]);
}

/** At the service worker's start (listeners must be registered before its first await). */
export function installHelpListeners(host: HelpHost): void {
  installNotificationListeners(
    () => void answerHelp(host).catch((e: unknown) => console.error('[BrainBrowsR] answering help failed', e)),
  );
}
