import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planEdf } from '../src/core/recording/edf-writer';
import { fmt } from './util';

const BIN = resolve(import.meta.dirname, '../bin/brainbrowsr.mjs');
/** A run that takes longer than this is reported as such (the old +D mapping took minutes). */
const TIMEOUT_S = 120;

interface TinyFile {
  format: 'EDF' | 'BDF';
  /** Bytes wanted (the file is as close as whole records allow). */
  bytes: number;
  channels: number;
  /** No annotation signal (plain EDF/BDF); written sparse (the samples are zeros, never read by info). */
  plain?: boolean;
  /** +D: every tenth record after a 1 s pause, and a marker in every record. */
  discontinuous?: boolean;
  /** Write -1 as the record count (a recording cut while written): the only way past 99 999 999 records. */
  unknownCount?: boolean;
}

/**
 * Writes a file of 4 ms records (one sample per channel at 250 Hz) record by
 * record, a few MB at a time, so the bench itself stays small.
 */
function writeTiny(path: string, f: TinyFile): { records: number; size: number } {
  const channels = Array.from({ length: f.channels }, (_, c) => ({ label: `ch${c + 1}`, unit: 'uV' }));
  const start = (r: number) => r * 0.004 + (f.discontinuous ? Math.floor(r / 10) : 0);
  const probe = planEdf(
    { channels, sampleRate: 250, samples: 1, annotations: [], maxAbs: [] },
    { format: f.format, recordSamples: 1, plain: f.plain },
  );
  const plan = (records: number) =>
    planEdf(
      {
        channels,
        sampleRate: 250,
        samples: f.unknownCount ? 1 : records,
        annotations: f.discontinuous
          ? Array.from({ length: records }, (_, r) => ({ onset: start(r) + 0.001, duration: 0, label: 'm' }))
          : [],
        maxAbs: channels.map(() => 100),
      },
      { format: f.format, recordSamples: 1, plain: f.plain, recordStart: f.discontinuous ? start : undefined },
    );
  const fits = (recordBytes: number) => Math.max(1, Math.floor((f.bytes - probe.header.length) / recordBytes));
  // Markers make records wider: planned again for as many as fit the size asked.
  const records = fits(plan(fits(probe.recordBytes)).recordBytes);
  const planned = plan(records);
  const { header, recordBytes } = planned;
  if (f.unknownCount) header.set(new TextEncoder().encode('-1      '), 236);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    const batch = Math.max(1, Math.floor(2 ** 22 / recordBytes));
    const values = channels.map(() => [0]);
    for (let r0 = 0; r0 < records && !f.plain; r0 += batch) {
      const n = Math.min(batch, records - r0);
      const buf = new Uint8Array(n * recordBytes);
      for (let k = 0; k < n; k++) {
        for (const v of values) v[0] = 30 * Math.sin((r0 + k) / 7);
        buf.set(planned.encodeRecord(r0 + k, values), k * recordBytes);
      }
      writeSync(fd, buf);
    }
  } finally {
    closeSync(fd);
  }
  if (f.plain) spawnSync('truncate', ['-s', String(header.length + records * recordBytes), path]);
  return { records, size: statSync(path).size };
}

/** `info` as a user runs it: wall time and peak resident memory (GNU time). */
function runInfo(path: string): string {
  const timeBin = existsSync('/usr/bin/time');
  const started = performance.now();
  const r = timeBin
    ? spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, BIN, 'info', path], {
        encoding: 'utf8',
        timeout: TIMEOUT_S * 1000,
      })
    : spawnSync(process.execPath, [BIN, 'info', path], { encoding: 'utf8', timeout: TIMEOUT_S * 1000 });
  const seconds = (performance.now() - started) / 1000;
  if (r.error || r.signal) return `over ${TIMEOUT_S} s (stopped)`;
  const err = (r.stderr ?? '').replace(/peak-kb \d+\n?/, '').trim();
  if (r.status !== 0)
    return `exit ${r.status}: ${(err.split('\n').find((l) => /error|:/i.test(l)) ?? err).slice(0, 70)}`;
  const kb = /peak-kb (\d+)/.exec(r.stderr ?? '')?.[1];
  return `${kb ? fmt(Number(kb) / 1024, 0) + ' MiB' : 'n/a'}, ${fmt(seconds, 1)} s`;
}

/**
 * Files of 4 ms records (issue 20): the reader's memory must stay flat in
 * the number of records and its time linear, with or without an annotation
 * signal, and for +D files with a marker in every record.
 */
export function benchTinyRecords(dir: string): void {
  const cases: [string, TinyFile][] = [
    ['plain EDF, 1 ch, no annotation signal', { format: 'EDF', bytes: 50e6, channels: 1, plain: true }],
    ['plain EDF, 1 ch, no annotation signal', { format: 'EDF', bytes: 199e6, channels: 1, plain: true }],
    ['plain BDF, 1 ch, record count -1', { format: 'BDF', bytes: 600e6, channels: 1, plain: true, unknownCount: true }],
    ['EDF+C, 1 ch + annotation signal', { format: 'EDF', bytes: 20e6, channels: 1 }],
    ['EDF+C, 1 ch + annotation signal', { format: 'EDF', bytes: 80e6, channels: 1 }],
    ['BDF+D, 8 ch, a marker per record', { format: 'BDF', bytes: 11e6, channels: 8, discontinuous: true }],
    ['BDF+D, 8 ch, a marker per record', { format: 'BDF', bytes: 44e6, channels: 8, discontinuous: true }],
  ];
  console.log(`\n4 ms records: brainbrowsr info (reads the header and every record's annotations)`);
  console.log(`${'file'.padEnd(40)}${'size'.padStart(10)}${'records'.padStart(13)}   peak RSS, wall time`);
  for (const [name, f] of cases) {
    const path = join(dir, `tiny-${f.bytes}.${f.format.toLowerCase()}`);
    const { records, size } = writeTiny(path, f);
    console.log(
      `${name.padEnd(40)}${(fmt(size / 1e6, 0) + ' MB').padStart(10)}${records.toLocaleString('en-US').padStart(13)}   ${runInfo(path)}`,
    );
    rmSync(path);
  }
}
