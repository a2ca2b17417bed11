import { DEFAULT_BROWSING, type BrowsingSettings } from '../core/protocol/layout';

/**
 * The browsing settings the modes read (hint alphabet, speller language,
 * favourites), as last sent by the background with the layout.
 */
let current: BrowsingSettings = DEFAULT_BROWSING;

export const browsingSettings = (): BrowsingSettings => current;

export function setBrowsingSettings(b: BrowsingSettings): void {
  current = b;
}
