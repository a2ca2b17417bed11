import { describe, expect, it } from 'vitest';
import { detectMains } from '../src/core/dsp/mains';
import { HoldTally, NO_RESPONSE_SECONDS, type HoldReason, saysNoResponse } from '../src/core/online/hold';
import { type Heartbeat, OnlinePipeline } from '../src/core/online/pipeline';
import type { Recording } from '../src/core/recording/types';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';
import { loadRecording } from '../src/node/files';
import { haveMuse, MUSE } from './helpers/dataset';

/**
 * Say why nothing happens (issue 19): on the consumer headband, the session
 * with a dead electrode and the person with no visible response must stay
 * silent, and every window must say why: which electrode, or that no target
 * stands above rest. The runs of a session are streamed back to back into
 * one pipeline, as in use.
 */
const TARGETS = [20, 30].map((f) => ({ label: `${f}Hz`, frequency: f }));

function stream(files: string[]): { beats: Heartbeat[]; selections: number; tally: HoldTally; rec: Recording } {
  const recs = files.map((f) => loadRecording(`${MUSE}/${f}`));
  const first = recs[0];
  const mains = detectMains(
    first.data.map((c) => c.subarray(0, first.sampleRate * 10)),
    first.sampleRate,
  );
  const profile = trainingFreeProfile(TARGETS, first.sampleRate, first.channels.length, mains);
  const pipeline = new OnlinePipeline(profile);
  const beats: Heartbeat[] = [];
  const tally = new HoldTally();
  let selections = 0;
  for (const rec of recs) {
    const n = rec.data[0].length;
    for (let i = 0; i < n; i += 64) {
      pipeline.push(
        rec.data.map((c) => c.subarray(i, Math.min(n, i + 64))),
        (e) => {
          if (e.type === 'selection') selections++;
          else {
            beats.push(e);
            tally.add(e.held, profile.signal.step);
          }
        },
      );
    }
  }
  return { beats, selections, tally, rec: first };
}

const share = (tally: HoldTally, match: (r: HoldReason) => boolean) =>
  tally
    .shares()
    .filter((s) => match(s.reason))
    .reduce((a, s) => a + s.seconds, 0) / tally.seconds;

describe.runIf(haveMuse())('why nothing is selected, on real recordings', () => {
  it('sub-03 ses-2 (dead POz): silent, and held for contact on POz nearly all the time', () => {
    const { beats, selections, tally, rec } = stream(['sub-03_ses-2_run-1.bdf', 'sub-03_ses-2_run-2.bdf']);
    expect(selections).toBe(0);
    const poz = rec.channels.findIndex((c) => c.label === 'POz');
    expect(poz).toBeGreaterThanOrEqual(0);
    // Every window has a reason: nothing could have been selected anywhere.
    expect(beats.filter((b) => b.held === undefined)).toEqual([]);
    expect(tally.heldSeconds).toBeCloseTo(tally.seconds, 6);
    expect(share(tally, (r) => r.kind === 'contact' && r.channel === poz && r.problem === 'noisy')).toBeGreaterThan(
      0.9,
    );
    expect(beats[0].held).toEqual({ kind: 'settling' });
    // The contact problem is what the page says, not that nothing stands out.
    expect(beats.some((b) => saysNoResponse(b.held))).toBe(false);
  });

  it('sub-04 ses-1 (no response): silent, held because no target stands above rest, long enough to say so', () => {
    const { beats, selections, tally } = stream(['sub-04_ses-1_run-1.bdf', 'sub-04_ses-1_run-2.bdf']);
    expect(selections).toBe(0);
    // A stray window above rest starts evidence now and then; nearly all the time nothing can be selected.
    expect(tally.heldSeconds / tally.seconds).toBeGreaterThan(0.95);
    expect(share(tally, (r) => r.kind === 'no-target')).toBeGreaterThan(0.6);
    expect(share(tally, (r) => r.kind === 'learning')).toBeGreaterThan(0.1);
    expect(share(tally, (r) => r.kind === 'contact')).toBe(0);
    // The silence lasts past the point where the page tells the person.
    const longest = Math.max(...beats.map((b) => (b.held?.kind === 'no-target' ? b.held.since : 0)));
    expect(longest).toBeGreaterThanOrEqual(NO_RESPONSE_SECONDS);
    expect(beats.some((b) => saysNoResponse(b.held))).toBe(true);
  });

  it('sub-01 ses-1 (a clear response): selects, and a window where evidence builds holds nothing', () => {
    const { beats, selections, tally } = stream(['sub-01_ses-1_run-1.bdf']);
    expect(selections).toBeGreaterThan(5);
    expect(beats.some((b) => b.held === undefined && b.state === 'accumulating')).toBe(true);
    expect(share(tally, (r) => r.kind === 'after-selection')).toBeGreaterThan(0);
    // Looked at, the silence is never long enough to be called no response.
    const longest = Math.max(...beats.map((b) => (b.held?.kind === 'no-target' ? b.held.since : 0)));
    expect(longest).toBeLessThan(NO_RESPONSE_SECONDS);
    expect(beats.some((b) => saysNoResponse(b.held))).toBe(false);
  });
});
