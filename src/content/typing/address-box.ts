import { addressOrSearch } from '../../core/browse/address';
import type { SpellerLanguage } from '../../core/protocol/layout';
import { ask } from '../../extension/messaging';
import { openPage } from '../menu/navigation';
import type { Outcome } from '../modes/mode';
import type { Overlay } from '../overlay';
import { ownBoxMode } from './own-box';
import type { TypingMode } from './typing-mode';

/**
 * "Go to address or search": the speller types into a box of its own, and
 * enter opens the address or searches with the browser's default search engine.
 */
export function addressMode(overlay: Overlay, language: SpellerLanguage): TypingMode | undefined {
  return ownBoxMode(overlay, { layer: 'address', type: 'url', label: 'Address or search' }, language, goTo);
}

async function goTo(text: string): Promise<Outcome> {
  const target = addressOrSearch(text);
  if (target.kind === 'open') return openPage(target.url, target.url, 'open-address');
  const sent = await ask({ to: 'background', type: 'search', query: target.query }).catch((e: unknown) => {
    console.error('[BrainBrowsR] search failed', e);
    return false;
  });
  return sent ? { text: `Searching for "${target.query}"`, did: 'search' } : { text: 'Could not search' };
}
