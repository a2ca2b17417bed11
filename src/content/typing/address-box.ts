import { addressOrSearch } from '../../core/browse/address';
import type { SpellerLanguage } from '../../core/protocol/layout';
import { ask } from '../../extension/messaging';
import { openPage } from '../menu/navigation';
import type { Outcome } from '../modes/mode';
import type { Overlay } from '../overlay';
import { TextField } from './text-field';
import { TypingMode } from './typing-mode';

/**
 * "Go to address or search": the speller types into a box of its own (an
 * address field in the overlay's closed shadow root, out of the page's
 * reach and out of sight: the speller's panel shows the text), and enter
 * opens the address or searches with the browser's default search engine.
 */
const ADDRESS_LAYER = 'address';
const CSS =
  '.address { position: fixed; left: 0; top: 0; width: 1px; height: 1px; opacity: 0; border: 0; padding: 0; }';

export function addressMode(overlay: Overlay, language: SpellerLanguage): TypingMode | undefined {
  const layer = overlay.layer(ADDRESS_LAYER, CSS);
  const input = document.createElement('input');
  input.type = 'url';
  input.className = 'address';
  input.setAttribute('aria-label', 'Address or search');
  layer.querySelector('input')?.remove();
  layer.append(input);
  const field = TextField.of(input);
  return field ? new TypingMode(field, language, undefined, goTo) : undefined;
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
