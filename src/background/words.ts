import browser from 'webextension-polyfill';
import { WordModel, type Prediction } from '../core/browse/word-model';
import { isSpellerLanguage, type SpellerLanguage } from '../core/protocol/layout';
import { forgetWords, learnedWords, rememberWord } from '../extension/learned-words-db';
import { wordListPath } from './word-lists';

/**
 * The speller's word models, one per language, loaded when first asked for
 * (the packaged list, then the user's own words from IndexedDB). The
 * service worker may be stopped at any time: a model is rebuilt on the next
 * question, and learned words are written to IndexedDB as they come.
 */
const models = new Map<SpellerLanguage, Promise<WordModel>>();

async function load(language: SpellerLanguage): Promise<WordModel> {
  const learned = await learnedWords(language).catch((e: unknown) => {
    console.warn(`[BrainBrowsR] learned words unreadable: ${String(e)}`);
    return [];
  });
  try {
    const res = await fetch(browser.runtime.getURL(wordListPath(language)));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new WordModel((await res.text()).split('\n'), learned);
  } catch (e) {
    // Still a speller: every letter by frequency-free codes, and the user's own words.
    console.warn(`[BrainBrowsR] no ${language} word list: ${String(e)}`);
    models.delete(language);
    return new WordModel([], learned);
  }
}

function modelFor(language: SpellerLanguage): Promise<WordModel> {
  let m = models.get(language);
  if (!m) models.set(language, (m = load(language)));
  return m;
}

/** Cut to a word's length: the question comes from a content script, which runs in any page. */
const MAX_WORD = 64;

export async function predict(language: unknown, prefix: unknown, previous: unknown): Promise<Prediction | null> {
  if (!isSpellerLanguage(language) || typeof prefix !== 'string') return null;
  const model = await modelFor(language);
  return model.predict(prefix.slice(-MAX_WORD), typeof previous === 'string' ? previous.slice(-MAX_WORD) : undefined);
}

export async function learnWord(language: unknown, word: unknown, previous: unknown): Promise<boolean> {
  if (!isSpellerLanguage(language) || typeof word !== 'string' || word.length > MAX_WORD) return false;
  const prev = typeof previous === 'string' && previous.length <= MAX_WORD ? previous : undefined;
  const model = await modelFor(language);
  if (!model.learn(word, prev)) return false;
  await rememberWord(language, word, prev);
  return true;
}

/** Forgets the learned words; the models are rebuilt from the lists on the next question. */
export async function forget(language: unknown): Promise<boolean> {
  if (language !== undefined && !isSpellerLanguage(language)) return false;
  await forgetWords(language);
  if (language) models.delete(language);
  else models.clear();
  return true;
}
