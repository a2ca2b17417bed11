import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEventsTsv, readRecording, trialsOf } from '../src/core/recording/index';
import { explainBids, validateBids } from './helpers/bids-validator';
import { FORMATS, haveDataset, haveFormats, sessionFile } from './helpers/dataset';

/**
 * BIDS export (issue 23): `convert FILE --bids DIR` writes a tree that the
 * BIDS validator (the `bids-validator` npm package, run offline) passes with
 * no errors, and that reads back through our own reader unchanged.
 */
const BIN = resolve(__dirname, '../bin/brainbrowsr.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'brainbrowsr-bids-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe.runIf(haveDataset() && haveFormats())('BIDS-EEG export', () => {
  const dir = join(tmp, 'dataset');
  const eeg = join(dir, 'sub-01/ses-1/eeg');
  const stem = join(eeg, 'sub-01_ses-1_task-ssvep');

  it('an ssvep-exo session and a muselsl CSV make a dataset bids-validator passes with no errors', () => {
    const a = cli(
      'convert',
      sessionFile(1, 1),
      '--bids',
      dir,
      '--subject',
      '01',
      '--session',
      '1',
      '--reference',
      'mastoid',
    );
    expect(a.code, a.err).toBe(0);
    const muse = `${FORMATS}/muselsl/ssvep-sub4-2018-04-22-16.03.42.csv`;
    const b = cli('convert', muse, '--bids', dir, '--subject', '04', '--session', '1');
    expect(b.code, b.err).toBe(0);
    expect(readFileSync(join(dir, 'participants.tsv'), 'utf8')).toBe('participant_id\nsub-01\nsub-04\n');
    const issues = validateBids(dir);
    expect(issues.errors, explainBids(issues.errors)).toEqual([]);
    // Authors cannot be known from a recording; everything else the validator recommends is there.
    expect(
      issues.warnings.map((w) => w.key),
      explainBids(issues.warnings),
    ).toEqual(['NO_AUTHORS']);
  }, 120_000);

  it('reads back through our reader with the same samples and events', () => {
    const source = readRecording(readFileSync(sessionFile(1, 1)), 'source');
    const back = readRecording(readFileSync(`${stem}_eeg.bdf`), 'back');
    expect(back.channels).toEqual(source.channels);
    expect(back.sampleRate).toBe(source.sampleRate);
    expect(back.data[0].length).toBe(source.data[0].length);
    // Both 24-bit; the export fits the range to the data: within a quantisation step of either.
    source.data.forEach((ch, c) => {
      let worst = 0;
      let range = 0;
      ch.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - back.data[c][i]));
        range = Math.max(range, Math.abs(v));
      });
      expect(worst).toBeLessThanOrEqual((2 * range) / 2 ** 23);
    });
    // BDF+ annotation onsets are written to the microsecond (a 256th of a second is not a decimal).
    expect(back.annotations.map((a) => [a.label, a.duration])).toEqual(
      source.annotations.map((a) => [a.label, a.duration]),
    );
    back.annotations.forEach((a, i) => expect(a.onset).toBeCloseTo(source.annotations[i].onset, 6));
    const events = readEventsTsv(readFileSync(`${stem}_events.tsv`, 'utf8'), 'events');
    expect(trialsOf(events)).toHaveLength(32);
    events.forEach((e, i) => {
      expect(e.label).toBe(source.annotations[i].label);
      expect(e.duration).toBe(source.annotations[i].duration);
      expect(e.onset).toBeCloseTo(source.annotations[i].onset, 4);
    });
    const sidecar = JSON.parse(readFileSync(`${stem}_eeg.json`, 'utf8')) as Record<string, unknown>;
    // ssvep-exo was recorded in France: 50 Hz mains, found in the signal; the reference as given.
    expect(sidecar).toMatchObject({
      SamplingFrequency: 256,
      PowerLineFrequency: 50,
      EEGReference: 'mastoid',
      TaskName: 'ssvep',
    });
    expect(readFileSync(`${stem}_channels.tsv`, 'utf8').split('\n')[1]).toBe('Oz\tEEG\tµV');
  });

  it('refuses a label that is not letters and digits, and an existing recording without --force', () => {
    const bad = cli('convert', sessionFile(1, 1), '--bids', dir, '--subject', 'P-01');
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe(
      'brainbrowsr convert: --subject must be letters and digits only (a BIDS label), not "P-01"',
    );
    const again = cli('convert', sessionFile(1, 1), '--bids', dir, '--subject', '01', '--session', '1');
    expect(again.code).toBe(2);
    expect(again.err.trim()).toMatch(/sub-01_ses-1_task-ssvep_eeg\.bdf: exists \(use --force to replace it\)$/);
  });
});
