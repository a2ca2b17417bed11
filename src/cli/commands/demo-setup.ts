import type { Control, ToBackground } from '../../core/protocol/messages';
import type { Settings } from '../../core/state/settings';
import type { LaunchedExtension } from '../../node/chromium';
import { pairThroughSettings } from './demo-pair';
import { stamp } from './demo-session';

/**
 * Chooses the simulated headset, pairs the extension with the relay through
 * its settings page (port, token, sharing on) and switches the squares on,
 * as a carer would. The extension shows nothing
 * until consent (welcome page): headless, nobody watches, so the demo gives
 * it; with a display the person reads the warning in the welcome tab and
 * allows flicker there. Settings come from an extension page: the service
 * worker does not receive its own messages.
 */
export async function useSimulatorOn(
  ext: LaunchedExtension,
  port: number,
  token: string,
  headless: boolean,
): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    if (headless) {
      await page.evaluate(() =>
        chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { consentAt: Date.now() } }),
      );
    } else {
      console.log(
        `${stamp()} PHOTOSENSITIVITY WARNING: the squares flicker at 13-19 Hz. Read the warning in the welcome tab and allow flicker there to start.`,
      );
      await page.waitForFunction(
        async () =>
          (
            await chrome.runtime.sendMessage<ToBackground, Control | undefined>({
              to: 'background',
              type: 'get-control',
            })
          )?.consentAt != null,
        undefined,
        { timeout: 0, polling: 500 },
      );
    }
    await page.evaluate(async () => {
      const settings = await chrome.runtime.sendMessage<ToBackground, Settings>({
        to: 'background',
        type: 'get-settings',
      });
      await chrome.runtime.sendMessage({
        to: 'background',
        type: 'set-settings',
        settings: { ...settings, device: 'simulated' },
      });
    });
    console.log(`${stamp()} pairing the extension with the relay on port ${port} (Studio > Settings, its token)`);
    await pairThroughSettings(ext, { port, token, on: true });
    await page.evaluate(async () => {
      await chrome.runtime.sendMessage({ to: 'background', type: 'connect', device: 'simulated' });
      await chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { on: true } });
    });
  } finally {
    await page.close();
  }
}
