/**
 * The offscreen document that owns the headset. chrome.offscreen and
 * runtime.getContexts are Chrome's alone (webextension-polyfill has
 * neither), so they are used here and nowhere else.
 */
const OFFSCREEN_URL = 'src/offscreen/offscreen.html';

let creating: Promise<void> | undefined;

/** Creates the offscreen document unless it runs already (two callers at once create it once). */
export async function ensureOffscreen(): Promise<void> {
  const existing = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  if (existing.length > 0) return;
  if (!creating) {
    creating = chrome.offscreen
      .createDocument({
        url: OFFSCREEN_URL,
        reasons: [chrome.offscreen.Reason.WORKERS, chrome.offscreen.Reason.AUDIO_PLAYBACK],
        justification:
          'Reads the EEG headset and classifies SSVEP in a worker, independent of tabs; sounds the call-for-help alarm.',
      })
      .catch((e: Error) => {
        if (!/single offscreen/i.test(e.message)) throw e;
      })
      .finally(() => (creating = undefined));
  }
  await creating;
}
