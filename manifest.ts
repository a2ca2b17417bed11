import { defineManifest } from '@crxjs/vite-plugin';
import { EXTENSION_PUBLIC_KEY } from './src/core/protocol/extension-identity';

/** Built as one classic script (vite.config.ts), so no file of the extension needs to be web-accessible. */
export const CONTENT_SCRIPT = 'src/content/index.ts';

export default defineManifest({
  manifest_version: 3,
  name: 'BrainBrowsR',
  description: 'Browse with your eyes: flickering targets, SSVEP detection from an EEG headset, all on this computer.',
  version: '0.1.0',
  // Fixed key: the extension id (and so the origin the relay trusts) is the same on every install.
  key: EXTENSION_PUBLIC_KEY,
  minimum_chrome_version: '117',
  // activeTab: the popup reads the front tab's site (per-site opt-out, home page) only when the carer opens it.
  // notifications: the menu's call for help. No `tabs`: Switch tab asks each page for its title instead.
  // search: "Go to address or search" searches with the browser's default engine (chrome.search.query).
  permissions: ['offscreen', 'storage', 'activeTab', 'notifications', 'search'],
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  action: { default_popup: 'src/popup/popup.html', default_title: 'BrainBrowsR' },
  // The carer's shortcuts; changeable at chrome://extensions/shortcuts.
  commands: {
    'toggle-on': {
      suggested_key: { default: 'Alt+Shift+O' },
      description: 'Switch the BrainBrowsR targets on or off',
    },
    'toggle-sleep': {
      suggested_key: { default: 'Alt+Shift+S' },
      description: 'Put the BrainBrowsR targets to sleep, or wake them',
    },
  },
  content_scripts: [
    {
      matches: ['http://*/*', 'https://*/*'],
      js: [CONTENT_SCRIPT],
      run_at: 'document_idle',
    },
  ],
});
