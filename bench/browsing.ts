import { reachFigures } from '../src/core/browse/selection-model';

/**
 * `npm run bench -- browsing`: the selection-time model of hints and the
 * speller (src/core/browse/selection-model.ts), for the accuracies and
 * selection times the evaluation measures (docs/evaluation.md: about 2.6 s
 * per selection calibrated, 3.7 s uncalibrated).
 */
const ACCURACIES = [0.8, 0.9, 0.95];
const SECONDS = [1.5, 2.5];
const PAGES = [10, 64, 300];

export function benchBrowsing(): void {
  console.log('\n## browsing: time to open one element by hints (4 targets; mean over every element)');
  console.log(
    '| elements | fewest selections | accuracy | selections | s at 1.5 s/sel | s at 2.5 s/sel | runs with a wrong pick (undone) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const n of PAGES) {
    for (const accuracy of ACCURACIES) {
      const [fast, slow] = SECONDS.map((seconds) => reachFigures(n, { accuracy, seconds, base: 4 }, n > 100 ? 4 : 20));
      console.log(
        `| ${n} | ${fast.worstCodeLength + 1} | ${accuracy} | ${fast.selections.toFixed(2)} | ${fast.seconds.toFixed(1)} | ${slow.seconds.toFixed(1)} | ${(100 * fast.wrongShare).toFixed(1)} % |`,
      );
    }
  }
}
