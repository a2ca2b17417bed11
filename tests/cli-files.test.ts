import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planEdf, writeEdf } from '../src/core/recording/index';
import { parseGaze, simulateRecording } from '../src/core/sim/session';
import { parseInfo } from './helpers/cli-output';

/**
 * The CLI's conventions on files and bad input (issue 13): --help per
 * command, exit 2 with one line naming the file or option, headers read
 * without the data, outputs never over an input or an existing file.
 */
const BIN = resolve(__dirname, '../bin/brainbrowsr.mjs');
const TARGETS = '13Hz=13,17Hz=17,21Hz=21';
const tmp = mkdtempSync(join(tmpdir(), 'brainbrowsr-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectUserError(r: ReturnType<typeof cli>, message: RegExp) {
  expect(r.code, r.err).toBe(2);
  const lines = r.err.trim().split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

const session = join(tmp, 'session.bdf');
writeFileSync(session, writeEdf(simulateRecording(12, parseGaze('13@1-4,idle@4-7,17@7-10'), { seed: 4 })));

/** A BDF header (one EEG signal, no annotations) whose record count field says `count`. */
function plainBdfHeader(count: string, samplesPerRecord = 256): Buffer {
  const pad = (s: string, n: number) => s.padEnd(n, ' ').slice(0, n);
  let h = 'xBIOSEMI' + pad('X', 80) + pad('X', 80) + '01.01.0000.00.00' + pad('512', 8) + pad('', 44);
  h += pad(count, 8) + pad('1', 8) + pad('1', 4);
  h += pad('Oz', 16) + pad('', 80) + pad('uV', 8) + pad('-1000', 8) + pad('1000', 8);
  h += pad('-8388608', 8) + pad('8388607', 8) + pad('', 80) + pad(String(samplesPerRecord), 8) + pad('', 32);
  const b = Buffer.from(h, 'latin1');
  b[0] = 0xff;
  return b;
}

describe('every command has --help', () => {
  for (const cmd of ['info', 'evaluate', 'replay', 'calibrate', 'convert', 'simulate', 'demo']) {
    it(`brainbrowsr ${cmd} --help: its usage and options, exit 0`, () => {
      const r = cli(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out.split('\n')[0]).toMatch(new RegExp(`^brainbrowsr ${cmd}\\b`));
      expect(r.out).toMatch(/--/);
      expect(r.err).toBe('');
    });
  }
  it('demo --help documents --port and the profile folder', () => {
    const r = cli('demo', '--help');
    expect(r.out).toMatch(/--port N/);
    expect(r.out).toMatch(/--profile-dir DIR/);
    expect(r.out).toMatch(/brainbrowsr\/chromium-profile/);
  });
});

describe('user errors: exit 2, one line naming the file or option', () => {
  const neg = join(tmp, 'neg.bdf');
  writeFileSync(neg, Buffer.concat([plainBdfHeader('-5'), Buffer.alloc(3 * 256 * 4)]));
  const commands: [string, string[]][] = [
    ['info', ['info', neg]],
    ['evaluate', ['evaluate', neg, '--targets', TARGETS, '--window', '2']],
    ['replay', ['replay', neg, '--targets', TARGETS]],
    ['calibrate', ['calibrate', neg, '--targets', TARGETS, '--out', join(tmp, 'neg.json')]],
    ['convert', ['convert', neg, join(tmp, 'neg.csv')]],
  ];
  for (const [name, args] of commands) {
    it(`${name}: a record count of -5 is named as such, with the file`, () => {
      expectUserError(cli(...args), /neg\.bdf: invalid number of data records -5/);
    });
  }

  it('other corrupt header fields are named too', () => {
    const zero = join(tmp, 'zero-spr.bdf');
    writeFileSync(zero, plainBdfHeader('1', 0));
    expectUserError(cli('info', zero), /zero-spr\.bdf: signal Oz: invalid samples per record 0/);
  });

  const cases: [string, string[], RegExp][] = [
    ['a negative window', ['evaluate', session, '--targets', TARGETS, '--window', '-1'], /--window must be .* not -1/],
    ['a zero step', ['replay', session, '--targets', TARGETS, '--step', '0'], /--step must be .* not 0/],
    ['a directory', ['replay', tmp, '--targets', TARGETS], /brainbrowsr-files-\w+: is a directory, not a recording/],
    ['a directory to info', ['info', tmp], /is a directory, not a recording/],
    ['an option without its value', ['evaluate', session, '--window'], /--window needs a value/],
    [
      'a bad port',
      ['demo', '--port', '99999', '--no-build'],
      /--port must be a port number from 1 to 65535, not 99999/,
    ],
    ['a file given to demo', ['demo', 'x.bdf'], /demo takes no file/],
    [
      'convert into a folder that does not exist',
      ['convert', session, join(tmp, 'nope', 'out.bdf')],
      /cannot write .*nope\/out\.bdf: no such file/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}`, () => expectUserError(cli(...args), message));
  }

  it('a calibration the recording cannot support names the recording', () => {
    const r = cli('calibrate', session, '--targets', TARGETS, '--out', join(tmp, 'cannot.json'));
    expectUserError(r, /session\.bdf: .*21Hz/);
    expect(existsSync(join(tmp, 'cannot.json'))).toBe(false);
  });

  it('a write error in convert leaves nothing behind and exits 2', () => {
    const ro = join(tmp, 'readonly');
    mkdirSync(ro);
    spawnSync('chmod', ['555', ro]);
    const r = cli('convert', session, join(ro, 'out.csv'));
    spawnSync('chmod', ['755', ro]);
    if (process.getuid?.() === 0) {
      // root writes anyway: the conversion succeeds, which is all there is to check then.
      expect(r.code).toBe(0);
    } else {
      expectUserError(r, /cannot write .*readonly\/out\.csv: permission denied/);
    }
    expect(readdirSync(ro).filter((f) => f.includes('.partial'))).toEqual([]);
  });
});

describe('runs that score nothing say so', () => {
  it('evaluate --offset 1e6: a warning on stderr naming the file and why', () => {
    const r = cli('evaluate', session, '--targets', TARGETS, '--window', '2', '--offset', '1e6');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*session\.bdf: nothing scored: --offset 1000000 s is beyond its 12\.0 s/);
  });

  it('evaluate --label nosuch on an unannotated file: warned that it is not a target', () => {
    const plain = join(tmp, 'plain.bdf');
    writeFileSync(plain, writeEdf(simulateRecording(8, [], { seed: 5 })));
    const r = cli('evaluate', plain, '--targets', TARGETS, '--window', '2', '--label', 'nosuch');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*plain\.bdf: --label nosuch is not a target \(13Hz, 17Hz, 21Hz\)/);
  });

  it('--label on an annotated file: warned that it is ignored', () => {
    const r = cli('replay', session, '--targets', TARGETS, '--label', 'nosuch');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*session\.bdf: has annotated trials; --label nosuch is ignored/);
  });
});

describe('a closed stdout ends quietly', () => {
  it('info FILE... | head -1: no EPIPE stack trace, exit 0', async () => {
    const files = new Array<string>(400).fill(session);
    const child = spawn(process.execPath, [BIN, 'info', ...files], { cwd: tmp });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    child.stdout.destroy(); // the reader goes away, as head does
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});

describe('headers without the data', () => {
  it('info on a 3 GB BDF reads its header only (the old reader could not hold 2 GiB)', () => {
    const big = join(tmp, 'big.bdf');
    const records = 4_000_000; // 3 x 256 bytes each: 3.07 GB, sparse on disk
    const fd = openSync(big, 'w');
    writeSync(fd, plainBdfHeader(String(records)));
    closeSync(fd);
    spawnSync('truncate', ['-s', String(512 + records * 768), big]);
    const r = spawnSync(process.execPath, [BIN, 'info', big, '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const info = parseInfo(r.stdout);
    expect(info.samples).toBe(records * 256);
    expect(info.duration).toBe(records);
    rmSync(big);
  });
});

describe('tiny records (issue 20): memory flat in the number of records', () => {
  /**
   * A plain EDF/BDF (no annotation signal) of one channel in 4 ms records,
   * `bytes` long and sparse on disk; `unknownCount` writes -1 records (a
   * recording cut while being written), the only way past 99 999 999.
   */
  function tinyRecords(path: string, format: 'EDF' | 'BDF', bytes: number, unknownCount: boolean): number {
    const bps = format === 'BDF' ? 3 : 2;
    const records = Math.floor(bytes / bps);
    const plan = planEdf(
      {
        channels: [{ label: 'Oz', unit: 'uV' }],
        sampleRate: 250,
        samples: unknownCount ? 1 : records,
        annotations: [],
        maxAbs: [100],
      },
      { format, recordSamples: 1, plain: true },
    );
    if (unknownCount) plan.header.set(new TextEncoder().encode('-1      '), 236);
    writeFileSync(path, plan.header);
    spawnSync('truncate', ['-s', String(plan.header.length + records * plan.recordBytes), path]);
    return records;
  }

  // The old reader kept a number per record: 0.8 GB for the EDF; the BDF's 200 million crashed Node.
  for (const [format, mb, unknownCount] of [
    ['EDF', 199, false],
    ['BDF', 600, true],
  ] as const) {
    it(`info on a ${mb} MB ${format} of 4 ms records (no annotation signal) runs in a 64 MB heap`, () => {
      const path = join(tmp, `tiny.${format.toLowerCase()}`);
      const records = tinyRecords(path, format, mb * 1e6, unknownCount);
      const r = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'info', path, '--json'], {
        encoding: 'utf8',
      });
      rmSync(path);
      expect(r.status, r.stderr).toBe(0);
      const info = parseInfo(r.stdout);
      expect(info.samples).toBe(records);
      expect(info.duration).toBeCloseTo(records * 0.004, 3);
    });
  }
});

describe('outputs: never over an input, never over a file without --force, whole or not at all', () => {
  it('convert refuses an existing output and keeps it; --force replaces it', () => {
    const out = join(tmp, 'exists.csv');
    writeFileSync(out, 'precious');
    expectUserError(cli('convert', session, out), /exists\.csv: exists \(use --force to replace it\)/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(cli('convert', session, out, '--force').code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^TimeStamp,/);
  });

  it('convert refuses to write its input, also by another name, and keeps the input as it was', () => {
    const before = readFileSync(session);
    expectUserError(cli('convert', session, session, '--force'), /would overwrite the input/);
    expectUserError(cli('convert', 'session.bdf', './session.bdf', '--force'), /would overwrite the input/);
    expect(Buffer.compare(readFileSync(session), before)).toBe(0);
  });

  it("convert refuses to write over the input's events table", () => {
    const edf = join(tmp, 'rec.edf');
    const rec = simulateRecording(6, [], { seed: 6 });
    writeFileSync(edf, writeEdf(rec, { format: 'EDF' }));
    const events = join(tmp, 'rec_events.tsv');
    writeFileSync(events, 'onset\tduration\ttrial_type\n1\t2\t13Hz\n');
    expectUserError(cli('convert', edf, join(tmp, 'rec.csv'), '--force'), /rec_events\.tsv: would overwrite the input/);
    expect(readFileSync(events, 'utf8')).toMatch(/13Hz/);
    expect(existsSync(join(tmp, 'rec.csv'))).toBe(false);
  });

  it('calibrate and simulate refuse an existing output without --force', () => {
    const profile = join(tmp, 'me.json');
    writeFileSync(profile, '{"mine":1}');
    expectUserError(cli('calibrate', session, '--targets', '13Hz=13,17Hz=17', '--out', profile), /me\.json: exists/);
    expect(readFileSync(profile, 'utf8')).toBe('{"mine":1}');
    expectUserError(cli('simulate', session, '--duration', '2'), /session\.bdf: exists/);
  });

  it('a converted BDF is written whole: no partial files are left, the result reads back', () => {
    const out = join(tmp, 'whole.edf');
    expect(cli('convert', session, out).code).toBe(0);
    const r = cli('info', out, '--json');
    expect(parseInfo(r.out).samples).toBe(12 * 250);
    expect(readdirSync(tmp).filter((f) => f.includes('.partial'))).toEqual([]);
  });
});
