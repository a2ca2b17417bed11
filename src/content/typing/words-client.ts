import browser from 'webextension-polyfill';
import type { Prediction } from '../../core/browse/word-model';
import type { SpellerLanguage } from '../../core/protocol/layout';
import type { ToBackground } from '../../core/protocol/messages';

/** The speller's questions to the service worker, which holds the word lists and the learned words. */
export interface Words {
  predict(language: SpellerLanguage, prefix: string, previousWord?: string): Promise<Prediction | undefined>;
  learn(language: SpellerLanguage, word: string, previousWord?: string): void;
}

/** Letters only, a-z, when the service worker does not answer: the speller still works, just without help. */
export const NO_PREDICTION: Prediction = {
  words: [],
  nextLetters: {},
  alphabet: [...'abcdefghijklmnopqrstuvwxyz'],
};

export const runtimeWords: Words = {
  async predict(language, prefix, previousWord) {
    const m: ToBackground = { to: 'background', type: 'predict', language, prefix, previousWord };
    try {
      const reply = (await browser.runtime.sendMessage(m)) as Prediction | null | undefined;
      return reply && Array.isArray(reply.alphabet) ? reply : undefined;
    } catch {
      return undefined;
    }
  },
  learn(language, word, previousWord) {
    const m: ToBackground = { to: 'background', type: 'learn-word', language, word, previousWord };
    browser.runtime.sendMessage(m).catch(() => undefined);
  },
};
