import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/core/devices/clock';
import { PlaybackDevice } from '../src/core/devices/playback';
import type { DeviceEvent } from '../src/core/devices/types';
import { parseGaze, simulateRecording } from '../src/core/sim/session';

/** A clock that advances only when the device sleeps: fast and deterministic. */
function virtualClock(): Clock & { elapsed: number } {
  const c = {
    elapsed: 0,
    now: () => c.elapsed,
    sleep: (ms: number) => {
      c.elapsed += ms;
      return Promise.resolve();
    },
  };
  return c;
}

describe('file playback device', () => {
  it('plays every sample in order at the recording rate, with its annotations', async () => {
    const rec = simulateRecording(6, parseGaze('17@1-3,idle@3-5'), { seed: 1 });
    const clock = virtualClock();
    const dev = new PlaybackDevice(rec, clock, { chunkMs: 40 });
    const events: DeviceEvent[] = [];
    dev.on((e) => events.push(e));
    await dev.open();
    await dev.start();
    expect(dev.info.sampleRate).toBe(250);
    expect(dev.info.channelNames).toEqual(rec.channels.map((c) => c.label));
    expect(dev.annotations.map((a) => a.label)).toEqual(['17Hz', 'idle']);
    const got: number[] = [];
    let blocks = 0;
    for await (const b of dev.samples()) {
      blocks++;
      got.push(...b.data[0]);
      expect(b.timestamps[0]).toBeCloseTo(b.counters[0] / 250, 9);
    }
    expect(got).toEqual(Array.from(rec.data[0]));
    // Real time: 6 s of data took 6 s of (virtual) clock, in 40 ms blocks.
    expect(clock.elapsed).toBeGreaterThanOrEqual(6000);
    expect(clock.elapsed).toBeLessThan(6100);
    expect(blocks).toBeGreaterThan(140);
    expect(events.map((e) => e.type)).toEqual(['connected', 'disconnected']);
    expect(events[1]).toMatchObject({ reason: 'end of recording' });
  });

  it('plays faster than real time and can be stopped', async () => {
    const rec = simulateRecording(20, [], { seed: 2 });
    const clock = virtualClock();
    const dev = new PlaybackDevice(rec, clock, { speed: 10 });
    await dev.open();
    await dev.start();
    let n = 0;
    for await (const b of dev.samples()) {
      n += b.data[0].length;
      if (n >= 2500) await dev.stop();
    }
    expect(n).toBeGreaterThanOrEqual(2500);
    expect(n).toBeLessThan(5000);
    expect(clock.elapsed).toBeLessThan(1100); // 10 s of data in about 1 s
  });
});
