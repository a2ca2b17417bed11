import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeEdf } from '../src/core/recording/edf-writer';
import { simulateRecording } from '../src/core/sim/session';
import { fmt, heading } from './util';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 15;

/** Milliseconds from spawning `node args` to its exit: median, min and max of RUNS after two warm-ups. */
function startup(args: string[]): { median: number; min: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    if (i >= 2) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[RUNS >> 1], min: times[0], max: times[RUNS - 1] };
}

/**
 * `npm run bench -- startup`: how long `brainbrowsr info` takes to start,
 * bundled (bin/, what users run) and from the TypeScript through tsx (how
 * bin/ ran it before the bundle), against Node doing nothing.
 */
export function benchStartup(): void {
  heading(`Start-up of the CLI (wall time of a child process, median of ${RUNS} runs)`);
  const dir = mkdtempSync(join(tmpdir(), 'brainbrowsr-bench-startup-'));
  try {
    const small = join(dir, 'small.bdf');
    writeFileSync(small, writeEdf(simulateRecording(10, [], { seed: 1 })));
    const fromSource = ['--import', 'tsx', 'bench/cli-from-source.ts'];
    const cases: [string, string[]][] = [
      ['node -e "" (Node alone)', ['-e', '']],
      ['bin/brainbrowsr.mjs info --help', ['bin/brainbrowsr.mjs', 'info', '--help']],
      ['bin/brainbrowsr.mjs info 10-s.bdf', ['bin/brainbrowsr.mjs', 'info', small]],
      ['tsx src/cli info --help', [...fromSource, 'info', '--help']],
      ['tsx src/cli info 10-s.bdf', [...fromSource, 'info', small]],
    ];
    for (const [name, args] of cases) {
      const t = startup(args);
      console.log(`${name.padEnd(36)} ${fmt(t.median, 0).padStart(5)} ms (min ${fmt(t.min, 0)}, max ${fmt(t.max, 0)})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
