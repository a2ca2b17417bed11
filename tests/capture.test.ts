import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CYTON_UV_PER_COUNT, encodeCytonPacket } from '../src/core/devices/cyton';
import { encodeExploreEeg, encodeExplorePacket } from '../src/core/devices/explore';
import { encodeGanglionFw3, GANGLION_UV_PER_COUNT } from '../src/core/devices/ganglion';
import { encodeMuse12 } from '../src/core/devices/muse';
import { readRecording } from '../src/core/recording/index';
import { mulberry32 } from '../src/core/sim/eeg-model';
import { jsonLines } from './helpers/cli-output';

const BIN = resolve(__dirname, '../bin/brainbrowsr.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'brainbrowsr-capture-'));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('brainbrowsr convert --device: raw captures to recordings', () => {
  it('turns a Cyton capture with garbage and missing packets into a BDF+ whose values match the encoded microvolts', () => {
    const rand = mulberry32(5);
    const n = 1000;
    const uv = Array.from({ length: n }, (_, i) =>
      Array.from({ length: 8 }, (_, c) => 50 * Math.sin(i / (5 + c)) + (rand() - 0.5) * 20),
    );
    const dropped = new Set([100, 101, 102, 400, 999 - 1]);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 97 === 0) parts.push(Uint8Array.from({ length: 13 }, () => Math.floor(rand() * 256)));
      if (i === 250) parts.push(encodeCytonPacket(i, uv[i]).subarray(0, 17)); // a cut packet
      if (!dropped.has(i)) parts.push(encodeCytonPacket(i & 0xff, uv[i]));
    }
    const capture = join(tmp, 'cyton.bin');
    writeFileSync(capture, Buffer.concat(parts));
    const out = join(tmp, 'cyton.bdf');
    const r = cli('convert', capture, out, '--device', 'cyton');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/lost 5 samples/);
    const rec = readRecording(readFileSync(out), out);
    expect(rec.sampleRate).toBe(250);
    expect(rec.channels).toHaveLength(8);
    expect(rec.data[0].length).toBeGreaterThanOrEqual(n);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 8; c++) {
        if (dropped.has(i)) {
          // Held from the previous sample.
          expect(rec.data[c][i]).toBeCloseTo(rec.data[c][i - 1], 6);
        } else {
          expect(Math.abs(rec.data[c][i] - uv[i][c])).toBeLessThan(CYTON_UV_PER_COUNT + 1e-3);
        }
      }
    }
    expect(rec.annotations.map((a) => a.label)).toEqual(['lost 3', 'lost 1', 'lost 1']);
    expect(rec.annotations[0].onset).toBeCloseTo(100 / 250, 6);
  });

  it('decodes Explore and Muse captures', () => {
    const rows = Array.from({ length: 16 }, (_, s) => Array.from({ length: 8 }, (_, c) => s + c));
    const explore = Buffer.concat(
      Array.from({ length: 20 }, (_, i) => encodeExplorePacket(146, i, i * 640, encodeExploreEeg(rows, 2.4))),
    );
    const ex = join(tmp, 'explore.bin');
    writeFileSync(ex, explore);
    const r = cli('convert', ex, join(tmp, 'explore.csv'), '--device', 'explore');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/320 samples at 250 Hz; lost 0 samples/);
    const museParts: Uint8Array[] = [];
    for (let idx = 0; idx < 10; idx++) {
      for (let ch = 0; ch < 4; ch++)
        museParts.push(Uint8Array.of(ch), encodeMuse12(idx, new Array<number>(12).fill(ch * 10)));
    }
    const mu = join(tmp, 'muse.bin');
    writeFileSync(mu, Buffer.concat(museParts));
    const m = cli('convert', mu, join(tmp, 'muse.edf'), '--device', 'muse');
    expect(m.status).toBe(0);
    const rec = readRecording(readFileSync(join(tmp, 'muse.edf')), 'muse.edf');
    expect(rec.channels.map((c) => c.label)).toEqual(['TP9', 'AF7', 'AF8', 'TP10']);
    expect(rec.sampleRate).toBe(256);
    // 12-bit steps of 0.48828125 uV: 30 uV arrives as 61 steps.
    expect(rec.data[3][50]).toBeCloseTo(61 * 0.48828125, 2);
  });

  it('an Explore capture with one flipped time stamp bit keeps every sample (issue 13: 1 616 of 60 000 kept)', () => {
    const rows = Array.from({ length: 16 }, (_, s) => Array.from({ length: 8 }, (_, c) => s + c));
    const packets = Array.from({ length: 3750 }, (_, i) =>
      encodeExplorePacket(146, i, 5000 + i * 640, encodeExploreEeg(rows, 2.4)),
    );
    for (const bit of [25, 30, 31]) {
      const bytes = Buffer.concat(packets);
      bytes[100 * packets[0].length + 4 + (bit >> 3)] ^= 1 << (bit & 7);
      const file = join(tmp, `explore-ts-${bit}.bin`);
      writeFileSync(file, bytes);
      const out = join(tmp, `explore-ts-${bit}.bdf`);
      const r = cli('convert', file, out, '--device', 'explore');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/60000 samples at 250 Hz; lost 0 samples/);
      // One: the next packet contradicts the jump, so the stamp alone is not believed (issue 20).
      expect(r.stderr).toMatch(/1 resynchronisations/);
      const rec = readRecording(readFileSync(out), out);
      expect(rec.data[0].length).toBe(60_000);
      expect(rec.annotations.filter((a) => a.label === 'resync')).toHaveLength(1);
    }
  });

  it('an Explore capture whose channel count changes half way: its samples counted lost, said on stderr and annotated (issue 20)', () => {
    const packet = (k: number, channels: number) =>
      encodeExplorePacket(
        146,
        k,
        k * 640,
        encodeExploreEeg(
          Array.from({ length: 16 }, (_, s) => new Array<number>(channels).fill(s)),
          2.4,
        ),
      );
    const file = join(tmp, 'explore-mask.bin');
    writeFileSync(file, Buffer.concat(Array.from({ length: 2000 }, (_, k) => packet(k, k < 1000 ? 8 : 4))));
    const out = join(tmp, 'explore-mask.bdf');
    const r = cli('convert', file, out, '--device', 'explore');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/16000 samples at 250 Hz; lost 16000 samples \(0 inside the recording/);
    expect(r.stderr).toMatch(
      /explore-mask\.bin: at 64\.000 s: lost 16000 samples: packets of 4 channels at 250 Hz, not 8 at 250 Hz/,
    );
    const rec = readRecording(readFileSync(out), out);
    expect(rec.annotations.map((a) => [a.onset, a.label])).toContainEqual([
      64,
      'lost 16000 samples: packets of 4 channels at 250 Hz, not 8 at 250 Hz',
    ]);
  });

  it('decodes a Ganglion capture as the firmware the board reported (--firmware), and refuses --firmware elsewhere', () => {
    const uv = [0, 1, 2, 3].map((c) => Array.from({ length: 600 }, (_, i) => 30 * Math.sin(i / (4 + c))));
    const capture = join(tmp, 'ganglion-fw3.bin');
    writeFileSync(capture, Buffer.concat(encodeGanglionFw3(uv)));
    const out = join(tmp, 'ganglion-fw3.bdf');
    const r = cli('convert', capture, out, '--device', 'ganglion', '--firmware', '3.0.2');
    expect(r.status, r.stderr).toBe(0);
    // Three of the board's rounds of 201 samples; it never sends a round's last one (200 and 401 here).
    expect(r.stderr).toMatch(/600 samples at 200 Hz; lost 2 samples/);
    const rec = readRecording(readFileSync(out), out);
    // Within firmware 3's step: 64 counts, twice where bit 0 carries the sign (and the BDF's own rounding).
    const sent = (i: number) => i % 201 !== 200;
    const worst = Math.max(...uv.flatMap((c, ch) => c.map((v, i) => (sent(i) ? Math.abs(rec.data[ch][i] - v) : 0))));
    expect(worst).toBeLessThan(2 * 64 * GANGLION_UV_PER_COUNT + 0.01);
    // Without it the board is taken for firmware 2, whose deltas these are not.
    const asFw2 = join(tmp, 'ganglion-fw2.bdf');
    expect(cli('convert', capture, asFw2, '--device', 'ganglion').status).toBe(0);
    const fw2 = readRecording(readFileSync(asFw2), asFw2);
    expect(fw2.data[0].length === 600 && uv[0].every((v, i) => Math.abs(fw2.data[0][i] - v) < 1)).toBe(false);
    const cyton = cli('convert', capture, join(tmp, 'y.bdf'), '--device', 'cyton', '--firmware', '3');
    expect(cyton.status).toBe(2);
    expect(cyton.stderr.trim()).toBe('brainbrowsr convert: --firmware goes with --device ganglion');
    // Every version the board's library has said is taken (before 3 they pack alike)...
    for (const version of ['0.1.0', '1.1.1', '2.0.0-rc4', '2.0.1', '3.0.2']) {
      expect(
        cli('convert', capture, join(tmp, `v${version}.bdf`), '--device', 'ganglion', '--firmware', version).status,
      ).toBe(0);
    }
    // ...and a version the decoder does not know is refused, not decoded as the older firmware.
    for (const version of ['fw3', '4.0', '']) {
      const unknown = cli('convert', capture, join(tmp, 'z.bdf'), '--device', 'ganglion', '--firmware', version);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr.trim()).toBe(
        `brainbrowsr convert: --firmware must be a ganglion firmware version (up to 3.x as the board says it, e.g. 3.0.2), not "${version}"`,
      );
      expect(existsSync(join(tmp, 'z.bdf'))).toBe(false);
    }
  });

  it('refuses a capture with no packets and an unknown device, exit 2', () => {
    const junk = join(tmp, 'junk.bin');
    writeFileSync(junk, Buffer.from('hello, this is not a headset'));
    const r = cli('convert', junk, join(tmp, 'x.bdf'), '--device', 'cyton');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/junk\.bin: no cyton packets found/);
    expect(cli('convert', junk, join(tmp, 'x.bdf'), '--device', 'toaster').status).toBe(2);
  });
});

describe('the simulated headset, end to end through the CLI', () => {
  it('calibrates on a simulated session and then selects the attended targets and nothing while idle', () => {
    const spans: string[] = [];
    let t = 2;
    for (let round = 0; round < 4; round++) {
      for (const f of ['13', 'idle', '17', 'idle', '21', 'idle']) {
        spans.push(`${f}@${t}-${t + 4}`);
        t += 5;
      }
    }
    const cal = join(tmp, 'cal.bdf');
    expect(cli('simulate', cal, '--duration', String(t + 1), '--gaze', spans.join(','), '--seed', '3').status).toBe(0);
    const profile = join(tmp, 'me.json');
    const c = cli('calibrate', cal, '--targets', '13Hz=13,17Hz=17,21Hz=21', '--out', profile);
    expect(c.status).toBe(0);
    const test = join(tmp, 'test.bdf');
    expect(
      cli('simulate', test, '--duration', '70', '--gaze', '21@5-15,idle@15-35,13@35-45,idle@45-70', '--seed', '8')
        .status,
    ).toBe(0);
    const r = cli('replay', test, '--profile', profile, '--json');
    expect(r.status).toBe(0);
    const sel = jsonLines(r.stdout).filter((l) => l.type === 'selection');
    expect(sel.map((s) => s.label)).toEqual(['21Hz', '13Hz']);
    expect(sel[0].t).toBeGreaterThan(5);
    expect(sel[0].t).toBeLessThan(9);
    expect(sel[1].t).toBeGreaterThan(35);
    expect(sel[1].t).toBeLessThan(39);
  });
});
