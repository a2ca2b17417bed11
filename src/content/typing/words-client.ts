import type { Prediction } from '../../core/browse/word-model';
import type { SpellerLanguage } from '../../core/protocol/layout';
import { ask, tell } from '../../extension/messaging';

/** The speller's questions to the service worker, which holds the word lists and the learned words. */
export interface Words {
  predict(language: SpellerLanguage, prefix: string, previousWord?: string): Promise<Prediction | undefined>;
  learn(language: SpellerLanguage, word: string, previousWord?: string): void;
  /** The language's letters alone, for a private field: the question says nothing of the text. */
  letters(language: SpellerLanguage): Promise<Prediction | undefined>;
}

/** Letters only, a-z, when the service worker does not answer: the speller still works, just without help. */
export const NO_PREDICTION: Prediction = {
  words: [],
  nextLetters: {},
  alphabet: [...'abcdefghijklmnopqrstuvwxyz'],
};

export const runtimeWords: Words = {
  async predict(language, prefix, previousWord) {
    try {
      return (await ask({ to: 'background', type: 'predict', language, prefix, previousWord })) ?? undefined;
    } catch (e) {
      console.warn('[BrainBrowsR] no word predictions (letters only)', e);
      return undefined;
    }
  },
  learn(language, word, previousWord) {
    void tell({ to: 'background', type: 'learn-word', language, word, previousWord });
  },
  async letters(language) {
    const p = await runtimeWords.predict(language, '');
    return p && { words: [], nextLetters: {}, alphabet: p.alphabet };
  },
};
