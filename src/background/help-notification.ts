import type { HelpCall } from '../core/protocol/messages';

/**
 * The call-for-help notification. Uses chrome.notifications directly: the
 * "I'm here" button, requireInteraction and the permission level are
 * Chrome's (Firefox ignores or lacks them), and they are what makes the
 * call stay on screen until a carer deals with it.
 */
const NOTIFICATION_ID = 'brainbrowsr-help';
export const HELP_TITLE = 'BrainBrowsR: help needed';
const HELP_MESSAGE = 'The person using BrainBrowsR is asking for help. Click here once you are with them.';

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

/** Shows the call; says whether the system let it. */
export async function showHelpNotification(): Promise<HelpCall['notification']> {
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

export async function clearHelpNotification(): Promise<void> {
  // Already gone (the carer dismissed it) is the usual case, and not a fault.
  await chrome.notifications
    .clear(NOTIFICATION_ID)
    .catch((e: unknown) => console.warn('[BrainBrowsR] could not clear the help notification', e));
}

/** Clicking the notification or its button, or dismissing it, answers the call. */
export function installNotificationListeners(answered: () => void): void {
  const ifOurs = (id: string) => {
    if (id === NOTIFICATION_ID) answered();
  };
  chrome.notifications.onClicked.addListener(ifOurs);
  chrome.notifications.onButtonClicked.addListener(ifOurs);
  // Dismissed by the carer (not cleared by us): they have seen it.
  chrome.notifications.onClosed.addListener((id, byUser) => {
    if (byUser) ifOurs(id);
  });
}
