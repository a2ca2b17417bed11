import { ask } from '../extension/messaging';

export const getSettings = () => ask({ to: 'background', type: 'get-settings' });

/** A studio page changed the stored settings by itself: the Settings tab shows them again. */
export const SETTINGS_CHANGED = 'brainbrowsr:settings-changed';
