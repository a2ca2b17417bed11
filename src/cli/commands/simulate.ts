import { RecordingAssembler } from '../../core/devices/assembler';
import { CytonDecoder } from '../../core/devices/cyton';
import { SimulatedCyton } from '../../core/devices/simulated-cyton';
import { encodeRecording, formatFromName } from '../../core/recording/index';
import { parseGaze } from '../../core/sim/session';
import { simulatedChannelNames } from '../../core/sim/session';
import { checkOutput, writeAtomically } from '../../node/output';
import { UsageError } from '../errors';
import { parseCommand } from '../help';
import { parseNumber } from '../options';

export const SIMULATE_HELP = `brainbrowsr simulate OUT --duration S [options]

The simulated headset (EEG model, Cyton bytes through the real decoder)
written as a recording with one annotation per gaze span.

  OUT             .bdf, .edf or .csv; .bin writes the raw Cyton bytes instead
  --duration S    seconds to simulate (required, up to 86400)
  --gaze SPANS    what the user looks at, e.g. 12@0-10,idle@10-20 (Hz@from-to)
  --seed N        noise seed (default 1)
  --subject N     simulated person (default 1)
  --ssvep-amplitude UV  response amplitude in microvolts
  --mains 50|60   mains frequency (default 50)
  --drop-rate P   fraction of packets lost on the wire (default 0)
  --garbage-rate P  fraction of packets followed by garbage bytes (default 0)
  --force         replace OUT if it exists`;

/**
 * simulate OUT --duration S --gaze 12@0-10,idle@10-20: the simulated headset
 * (Cyton bytes through the real decoder) written as a recording with one
 * annotation per gaze span; OUT.bin writes the raw byte capture instead.
 */
export function simulate(argv: string[]): void {
  const { positionals, values } = parseCommand(argv, SIMULATE_HELP, {
    duration: { type: 'string' },
    gaze: { type: 'string' },
    seed: { type: 'string' },
    subject: { type: 'string' },
    'ssvep-amplitude': { type: 'string' },
    mains: { type: 'string' },
    'drop-rate': { type: 'string' },
    'garbage-rate': { type: 'string' },
    force: { type: 'boolean' },
  });
  if (!positionals) return;
  if (positionals.length !== 1)
    throw new UsageError('usage: brainbrowsr simulate OUT --duration S [--gaze 12@0-10,idle@10-20]');
  const out = positionals[0];
  const raw = /\.bin$/i.test(out);
  const format = formatFromName(out);
  if (!raw && !format) throw new UsageError(`${out}: output must end in .bdf, .edf, .csv or .bin (raw Cyton bytes)`);
  checkOutput(out, [], values.force === true);
  const duration = parseNumber('duration', values.duration);
  if (!(duration > 0 && duration <= 24 * 3600)) throw new UsageError('--duration must be between 0 and 86400 seconds');
  let gaze;
  try {
    gaze = values.gaze ? parseGaze(values.gaze) : [];
  } catch (e) {
    throw new UsageError(`--gaze: ${(e as Error).message}`);
  }
  const mains = values.mains === undefined ? 50 : Number(values.mains);
  if (mains !== 50 && mains !== 60) throw new UsageError('--mains must be 50 or 60');
  const sim = new SimulatedCyton({
    seed: parseNumber('seed', values.seed, 1),
    subject: parseNumber('subject', values.subject, 1),
    ssvepAmplitude:
      values['ssvep-amplitude'] !== undefined ? parseNumber('ssvep-amplitude', values['ssvep-amplitude']) : undefined,
    mains,
    dropRate: parseNumber('drop-rate', values['drop-rate'], 0),
    garbageRate: parseNumber('garbage-rate', values['garbage-rate'], 0),
  });
  const decoder = new CytonDecoder();
  const asm = new RecordingAssembler(simulatedChannelNames(8), 250);
  const chunks: Uint8Array[] = [];
  const total = Math.round(duration * 250);
  for (let i = 0; i < total; i += 10) {
    const t = i / 250;
    sim.setAttended(gaze.find((g) => t >= g.start && t < g.end)?.frequency ?? null);
    const bytes = sim.read(Math.min(10, total - i));
    if (raw) chunks.push(bytes);
    else asm.add(decoder.push(bytes).block);
  }
  if (raw) {
    writeAtomically(out, (put) => chunks.forEach(put));
    console.error(`wrote ${out}: ${total} samples of Cyton bytes (${sim.dropped} packets dropped on purpose)`);
    return;
  }
  const annotations = gaze
    .filter((g) => g.start < duration)
    .map((g) => ({ onset: g.start, duration: Math.min(g.end, duration) - g.start, label: g.label }));
  const rec = asm.toRecording(annotations, 'brainbrowsr simulated headset');
  writeAtomically(out, (put) => put(encodeRecording(rec, format!)));
  console.error(`wrote ${out}: ${duration} s, 8 channels at 250 Hz, ${annotations.length} gaze annotations`);
}
