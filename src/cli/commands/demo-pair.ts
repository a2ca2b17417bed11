import type { LaunchedExtension } from '../../node/chromium';

/**
 * Pairs the extension with a relay the way a carer does: Studio > Settings,
 * "Other programs on this computer", the relay's port and the token it
 * printed pasted in, sharing switched on (or off), Apply. Used by the demo
 * and the browser tests, so both go through the same form as a person.
 */
export async function pairThroughSettings(
  ext: LaunchedExtension,
  relay: { port: number; token: string; on: boolean },
): Promise<void> {
  const studio = await ext.context.newPage();
  try {
    await studio.goto(`chrome-extension://${ext.extensionId}/src/studio/studio.html#settings`);
    await studio.waitForSelector('.t-page');
    await studio.fill('#relay-port', String(relay.port));
    await studio.fill('#relay-token', relay.token);
    await studio.setChecked('#relay', relay.on);
    await studio.click('#settings-save');
    await studio.waitForFunction(
      () => document.getElementById('settings-status')?.textContent === 'Applied.',
      undefined,
      { timeout: 10_000 },
    );
  } finally {
    await studio.close();
  }
}
