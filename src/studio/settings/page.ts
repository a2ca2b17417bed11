import { DEFAULT_BROWSING } from '../../core/protocol/layout';
import type { Settings } from '../../core/state/settings';
import { $ } from '../../extension/dom';
import { handled } from '../../extension/handled';
import { ask } from '../../extension/messaging';
import { measureRefreshRate } from '../../extension/stimulus-clock';
import { getSettings, SETTINGS_CHANGED } from '../messaging';
import { downloadSettings, settingsFromFile } from './file';
import { SettingsForm } from './form';

/** Settings a carer can understand, validated against this display, applied live. */
export async function initSettings(): Promise<void> {
  const settings: Settings = await getSettings();
  const refreshRate = await measureRefreshRate(30);
  $('refresh').textContent =
    `This screen refreshes ${refreshRate} times a second (${refreshRate} Hz): squares can flash at up to ${refreshRate / 2 - 0.5} Hz.`;
  const form = new SettingsForm(settings, refreshRate);
  const say = (text: string) => ($('settings-status').textContent = text);

  $('settings-save').addEventListener(
    'click',
    handled(
      'Applying the settings',
      async () => {
        if (!form.validate()) return say('Not applied: fix the problems above.');
        await ask({ to: 'background', type: 'set-settings', settings: form.read() });
        say('Applied.');
      },
      (reason, what) => say(`${what} failed: ${reason}`),
    ),
  );
  $('settings-export').addEventListener('click', () => downloadSettings(form.read()));
  $('settings-import').addEventListener(
    'change',
    handled('Importing settings', async (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (!file) return;
      try {
        form.load(await settingsFromFile(file, form.read()));
        say(form.validate() ? 'Loaded: press Apply to use these settings.' : 'Loaded, but see the problems above.');
      } catch (err) {
        say(`Cannot load ${file.name}: ${(err as Error).message}`);
      }
    }),
  );
  // "Use one switch" (the calibration's result) saved a change: show it, keeping what is being edited here.
  document.addEventListener(
    SETTINGS_CHANGED,
    handled('Showing the changed settings', async () => {
      const stored = await getSettings();
      const editing = form.read();
      form.load({
        ...editing,
        browsing: { ...(editing.browsing ?? DEFAULT_BROWSING), oneSwitch: stored.browsing?.oneSwitch },
      });
    }),
  );
  form.render();
}
