import type { Settings } from '../../core/state/settings';

/** Settings to a file another computer can load; the relay token is a secret of this computer and stays. */
export function downloadSettings(s: Settings): void {
  const blob = new Blob([JSON.stringify({ ...s, relayToken: undefined }, null, 2)], {
    type: 'application/json',
  });
  Object.assign(document.createElement('a'), {
    href: URL.createObjectURL(blob),
    download: 'brainbrowsr-settings.json',
  }).click();
}

/**
 * The settings of a file laid over `current`. Sharing with the relay is this
 * computer's choice: a file neither switches it on nor re-points it.
 */
export async function settingsFromFile(file: File, current: Settings): Promise<Settings> {
  const s = JSON.parse(await file.text()) as Settings;
  if (!s?.layout?.targets || !Array.isArray(s.layout.targets)) throw new Error('not a BrainBrowsR settings file');
  const { relay: _r, relayToken: _t, relayPort: _p, ...shared } = s;
  return { ...current, ...shared };
}
