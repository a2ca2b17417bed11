import browser from 'webextension-polyfill';
import type { HelpCall, HelpState, ToContent, ToOffscreen } from '../core/protocol/messages';

/**
 * Call for help (the menu): a notification that stays until a carer deals
 * with it, an alarm sound from the offscreen document that repeats until
 * then, and a banner with an "I'm here" button on every page. Answering
 * any of them (the notification, its button, the banner) ends all three.
 * The call is kept in storage.session, so a restarted service worker or a
 * page opened later still knows about it.
 */
const KEY = 'help';
const NOTIFICATION_ID = 'brainbrowsr-help';
export const HELP_TITLE = 'BrainBrowsR: help needed';
const HELP_MESSAGE = 'The person using BrainBrowsR is asking for help. Click here once you are with them.';

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
  const m: ToOffscreen = { to: 'offscreen', type: 'help-alarm', on };
  // A document created a moment ago may not listen yet; stopping needs no document that is not there.
  for (let attempt = 0; attempt < (on ? 5 : 1); attempt++) {
    const reply = (await browser.runtime.sendMessage(m).catch(() => undefined)) as { playing?: boolean } | undefined;
    if (reply) return reply.playing === true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** A red disc with a white "!" (a basic notification needs an image; the extension ships no files for it). */
async function icon(): Promise<string> {
  const canvas = new OffscreenCanvas(96, 96);
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#b91c1c';
  g.beginPath();
  g.arc(48, 48, 46, 0, 2 * Math.PI);
  g.fill();
  g.fillStyle = '#ffffff';
  g.fillRect(41, 16, 14, 44);
  g.fillRect(41, 68, 14, 13);
  const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(binary)}`;
}

async function notify(): Promise<HelpCall['notification']> {
  try {
    if ((await chrome.notifications.getPermissionLevel()) === 'denied') return 'blocked';
    await chrome.notifications.clear(NOTIFICATION_ID);
    await chrome.notifications.create(NOTIFICATION_ID, {
      type: 'basic',
      iconUrl: await icon(),
      title: HELP_TITLE,
      message: HELP_MESSAGE,
      buttons: [{ title: "I'm here" }],
      requireInteraction: true,
      priority: 2,
    });
    return 'shown';
  } catch (e) {
    console.warn('[BrainBrowsR] help notification failed', e);
    return 'failed';
  }
}

export async function callHelp(host: HelpHost): Promise<HelpCall> {
  const state: HelpState = { calledAt: (await helpState()).calledAt ?? Date.now() };
  await browser.storage.session.set({ [KEY]: state });
  const banners = host.toAllTabs({ to: 'content', type: 'help', help: state });
  const sound = host
    .ensureOffscreen()
    .then(() => alarm(true))
    .catch(() => false);
  const [notification, playing] = await Promise.all([notify(), sound, banners]);
  return { notification, sound: playing };
}

export async function answerHelp(host: HelpHost): Promise<void> {
  if ((await helpState()).calledAt === undefined) return;
  await browser.storage.session.remove(KEY);
  await Promise.all([
    alarm(false),
    chrome.notifications.clear(NOTIFICATION_ID).catch(() => false),
    host.toAllTabs({ to: 'content', type: 'help', help: {} }),
  ]);
}

/** At the service worker's start (listeners must be registered before its first await). */
export function installHelpListeners(host: HelpHost): void {
  const answered = (id: string) => {
    if (id === NOTIFICATION_ID) void answerHelp(host);
  };
  chrome.notifications.onClicked.addListener(answered);
  chrome.notifications.onButtonClicked.addListener(answered);
  // Dismissed by the carer (not cleared by us): they have seen it.
  chrome.notifications.onClosed.addListener((id, byUser) => {
    if (byUser) answered(id);
  });
}
