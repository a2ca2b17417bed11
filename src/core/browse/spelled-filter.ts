/**
 * Finding an element by its words, as Vimium narrows hints by typing: the
 * person spells the first letters of one or more of its words with the
 * speller, and only the elements whose names match get a hint.
 */

/** Lower case without accents: the speller types plain letters, pages show "Café" and "ÉCOLE". */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const wordsOf = (s: string): string[] =>
  foldText(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');

/**
 * Whether `name` matches what was spelled: each spelled word begins a word
 * of the name, in the order spelled ("har" finds "Harmonics", "new y" finds
 * "New York" but not "York New"). Nothing spelled matches nothing.
 */
export function matchesSpelled(name: string, spelled: string): boolean {
  const wanted = wordsOf(spelled);
  if (wanted.length === 0) return false;
  const have = wordsOf(name);
  let at = 0;
  for (const w of wanted) {
    while (at < have.length && !have[at].startsWith(w)) at++;
    if (at === have.length) return false;
    at++;
  }
  return true;
}
