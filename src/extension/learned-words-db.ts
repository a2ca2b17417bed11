import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { SpellerLanguage } from '../core/protocol/layout';
import type { LearnedWord } from '../core/browse/word-model';

/**
 * The words the user typed, per language, in the extension's IndexedDB:
 * they never leave this computer. A database of its own (not a store in
 * recordings-db's), so neither one's version upgrades wait for the other.
 */
export interface LearnedRow {
  language: SpellerLanguage;
  /** Lower case. */
  word: string;
  /** The word before it, lower case; '' when it followed none. */
  previous: string;
  count: number;
  lastUsed: number;
}

interface Schema extends DBSchema {
  learned: { key: [string, string, string]; value: LearnedRow; indexes: { byLanguage: string } };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | undefined;

function db(): Promise<IDBPDatabase<Schema>> {
  dbPromise ??= openDB<Schema>('brainbrowsr-words', 1, {
    upgrade(d) {
      const learned = d.createObjectStore('learned', { keyPath: ['language', 'word', 'previous'] });
      learned.createIndex('byLanguage', 'language');
    },
  });
  return dbPromise;
}

export async function learnedWords(language: SpellerLanguage): Promise<LearnedWord[]> {
  const rows = await (await db()).getAllFromIndex('learned', 'byLanguage', language);
  return rows.map((r) => ({ word: r.word, count: r.count, previous: r.previous || undefined }));
}

/** Counts one more use of `word` after `previous`. */
export async function rememberWord(language: SpellerLanguage, word: string, previous?: string): Promise<void> {
  const d = await db();
  const tx = d.transaction('learned', 'readwrite');
  const key: [string, string, string] = [
    language,
    word.normalize('NFC').toLowerCase(),
    previous?.normalize('NFC').toLowerCase() ?? '',
  ];
  const row = await tx.store.get(key);
  await tx.store.put({
    language,
    word: key[1],
    previous: key[2],
    count: (row?.count ?? 0) + 1,
    lastUsed: Date.now(),
  });
  await tx.done;
}

/** Forgets every learned word (of one language, or all). */
export async function forgetWords(language?: SpellerLanguage): Promise<void> {
  const d = await db();
  if (!language) {
    await d.clear('learned');
    return;
  }
  const tx = d.transaction('learned', 'readwrite');
  for (const key of await tx.store.index('byLanguage').getAllKeys(language)) await tx.store.delete(key);
  await tx.done;
}
