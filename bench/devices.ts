import { CytonDecoder, encodeCytonPacket } from '../src/core/devices/cyton';
import { ExploreDecoder, encodeExploreEeg, encodeExplorePacket } from '../src/core/devices/explore';
import { GanglionDecoder } from '../src/core/devices/ganglion';
import { MuseDecoder, encodeMuse12 } from '../src/core/devices/muse';
import { SimulatedCyton } from '../src/core/devices/simulated-cyton';
import { mulberry32 } from '../src/core/sim/eeg-model';
import { fmt, heading, timeIt } from './util';

function report(name: string, bytes: number, samples: number, realRate: number, ms: number) {
  const sps = samples / (ms / 1000);
  console.log(
    `${name.padEnd(22)} ${fmt(bytes / (ms / 1000) / 1e6, 1).padStart(7)} MB/s  ${fmt(sps / 1e6, 2).padStart(6)} M samples/s  ${fmt(sps / realRate, 0).padStart(8)}x the device's rate`,
  );
}

export function benchDevices(): void {
  heading('Decoder throughput (one core)');
  const rand = mulberry32(1);
  const cyton = Buffer.concat(
    Array.from({ length: 25_000 }, (_, i) =>
      encodeCytonPacket(
        i & 0xff,
        Array.from({ length: 8 }, () => rand() * 100),
      ),
    ),
  );
  report(
    'cyton (8 ch, 250 Hz)',
    cyton.length,
    25_000,
    250,
    timeIt(() => new CytonDecoder().push(cyton)),
  );
  report(
    'cyton-daisy (16 ch)',
    cyton.length,
    12_500,
    125,
    timeIt(() => new CytonDecoder(true).push(cyton)),
  );
  const rows = Array.from({ length: 16 }, () => Array.from({ length: 8 }, () => rand() * 100));
  const explore = Buffer.concat(
    Array.from({ length: 1500 }, (_, i) => encodeExplorePacket(146, i, i * 640, encodeExploreEeg(rows, 2.4))),
  );
  report(
    'explore (8 ch, 250 Hz)',
    explore.length,
    24_000,
    250,
    timeIt(() => new ExploreDecoder().push(explore)),
  );
  const ganglion = Array.from({ length: 10_000 }, (_, i) => {
    const p = Uint8Array.from({ length: 20 }, () => Math.floor(rand() * 256));
    p[0] = i % 101;
    return p;
  });
  report(
    'ganglion (4 ch, 200 Hz)',
    20 * ganglion.length,
    2 * 10_000,
    200,
    timeIt(() => {
      const d = new GanglionDecoder(2);
      for (const p of ganglion) d.push(p);
    }),
  );
  const muse = Array.from({ length: 4 * 2000 }, (_, i) =>
    encodeMuse12(Math.floor(i / 4), new Array<number>(12).fill(10)),
  );
  report(
    'muse (4 ch, 256 Hz)',
    20 * muse.length,
    12 * 2000,
    256,
    timeIt(() => {
      const d = new MuseDecoder(4);
      muse.forEach((p, i) => d.pushElectrode(i % 4, p));
    }),
  );

  heading('Simulated headset cost');
  const sim = new SimulatedCyton({ seed: 1 });
  sim.setAttended(12);
  const ms = timeIt(() => sim.read(250));
  console.log(
    `EEG model + Cyton encoding, 8 ch x 250 Hz: ${fmt(ms, 3)} ms per simulated second = ${fmt(ms / 10, 2)} % of one core`,
  );
}
