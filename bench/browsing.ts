import { HELD_OUT_ENGLISH } from '../src/core/browse/held-out-english';
import { reachFigures, seededRandom, simulateChoice } from '../src/core/browse/selection-model';
import { spellingCost } from '../src/core/browse/spelling-cost';
import { WordModel } from '../src/core/browse/word-model';
import { wordListText } from '../src/node/word-lists';

/**
 * `npm run bench -- browsing`: the selection-time model of hints and the
 * speller (src/core/browse/selection-model.ts), for the accuracies and
 * selection times the evaluation measures (docs/evaluation.md: about 2.6 s
 * per selection calibrated, 3.7 s uncalibrated).
 */
const ACCURACIES = [0.8, 0.9, 0.95];
const SECONDS = [1.5, 2.5];
const PAGES = [10, 64, 256, 1000];

/**
 * A wrong item typed is taken back with one more choice (delete for a
 * letter, undo for a word): its code is about 3 selections in the
 * speller's usual choice sets, where commands are rarely wanted.
 */
const SPELLER_FIX_SELECTIONS = 3;

export function benchBrowsing(): void {
  console.log(
    '\n## browsing: time to open one element by hints (4 targets; mean over every element with a code, "Choose…" included; a step back by looking away counted as the selections its 6 s would take)',
  );
  console.log(
    '| elements on screen | with a code | most selections after Choose… (no mistake) | accuracy | mean selections | s at 1.5 s/sel | s at 2.5 s/sel | runs with a wrong pick (undone) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const n of PAGES) {
    for (const accuracy of ACCURACIES) {
      const [fast, slow] = SECONDS.map((seconds) => reachFigures(n, { accuracy, seconds, base: 4 }, n > 100 ? 4 : 20));
      console.log(
        `| ${n} | ${fast.reachable} | ${fast.worstSelections - 1} | ${accuracy} | ${fast.selections.toFixed(2)} | ${fast.seconds.toFixed(1)} | ${slow.seconds.toFixed(1)} | ${(100 * fast.wrongShare).toFixed(1)} % |`,
      );
    }
  }
}

/** Addresses typed as they are (capitals, digits, marks), in a field that takes an address. */
const ADDRESSES = ['Jane.Doe+1@example.org', 'https://example.org/a?b=2#c'];

/** Characters per minute of the speller on the held-out English text, with and without completion, and on addresses. */
export async function benchSpeller(): Promise<void> {
  const model = new WordModel((await wordListText('english')).split('\n'));
  const text = HELD_OUT_ENGLISH.text;
  console.log(
    `\n## browsing: speller on a held-out English text (${HELD_OUT_ENGLISH.source}; English list of src/node/word-lists.ts)`,
  );
  console.log('| completion | accuracy | selections per character | chars/min at 1.5 s/sel | at 2.5 s/sel |');
  console.log('|---|---|---|---|---|');
  for (const completions of [true, false]) {
    const cost = spellingCost(text, model, { completions, keepSteps: true });
    for (const accuracy of [1, ...ACCURACIES]) {
      const rng = seededRandom(7);
      const runs = accuracy === 1 ? 1 : 5;
      let selections = 0;
      for (let r = 0; r < runs; r++) {
        for (const step of cost.steps!) {
          selections += simulateChoice(step.codes, step.wanted, { accuracy, seconds: 1, base: 4 }, rng, {
            undoSelections: SPELLER_FIX_SELECTIONS,
          }).selections;
        }
      }
      const perChar = selections / runs / cost.characters;
      const cpm = (seconds: number) => (60 / (perChar * seconds)).toFixed(1);
      console.log(
        `| ${completions ? 'yes' : 'no'} | ${accuracy} | ${perChar.toFixed(2)} | ${cpm(1.5)} | ${cpm(2.5)} |`,
      );
    }
  }
  console.log('\n## browsing: speller on addresses (capitals, digits and marks on the "more" page; no mistakes)');
  console.log('| text | characters | selections | selections per character | chars/min at 1.5 s/sel | at 2.5 s/sel |');
  console.log('|---|---|---|---|---|---|');
  for (const address of ADDRESSES) {
    const cost = spellingCost(address, model, { completions: true, cased: true, address: true });
    const perChar = cost.selections / cost.characters;
    const cpm = (seconds: number) => (60 / (perChar * seconds)).toFixed(1);
    console.log(
      `| ${address} | ${cost.characters} | ${cost.selections} | ${perChar.toFixed(2)} | ${cpm(1.5)} | ${cpm(2.5)} |`,
    );
  }
}
