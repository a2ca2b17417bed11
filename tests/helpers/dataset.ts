import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GANGLION_ROUND_SAMPLES, GANGLION_UV_PER_COUNT } from '../../src/core/devices/ganglion';
import { loadRecording } from '../../src/node/files';

/** ../shared/datasets/ssvep-exo beside the repository (never copied into it). */
export const DATASET = resolve(__dirname, '../../../shared/datasets/ssvep-exo');

export const SUBJECTS = [1, 2, 3, 4, 5, 6];
export const sessionFile = (subject: number, session: number) => `${DATASET}/sub-0${subject}_ses-${session}.bdf`;

/**
 * Whether dataset tests can run. On CI a missing dataset is an error, not a
 * skip: a green run must mean the recordings were really used.
 */
export function haveDataset(): boolean {
  const ok = existsSync(sessionFile(1, 1));
  if (!ok && process.env.CI === 'true') {
    throw new Error(`CI=true but the shared dataset is missing at ${DATASET}`);
  }
  return ok;
}

export const EXO_TARGETS = [13, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f }));

/** ../shared/datasets/muse-ssvep: the consumer headband. */
export const MUSE = resolve(__dirname, '../../../shared/datasets/muse-ssvep');

export function haveMuse(): boolean {
  const ok = existsSync(`${MUSE}/sub-03_ses-2_run-1.bdf`);
  if (!ok && process.env.CI === 'true') throw new Error(`CI=true but the shared dataset is missing at ${MUSE}`);
  return ok;
}

/** ../shared/datasets/formats: recordings as other EEG tools write them (OpenBCI GUI, muselsl, XDF). */
export const FORMATS = resolve(__dirname, '../../../shared/datasets/formats');

export function haveFormats(): boolean {
  const ok = existsSync(`${FORMATS}/xdf/minimal.xdf`);
  if (!ok && process.env.CI === 'true') throw new Error(`CI=true but the shared dataset is missing at ${FORMATS}`);
  return ok;
}

/**
 * Oz, O1, O2 and POz of subject 1's first session (256 Hz, tens of
 * microvolts), its first `samples` samples taken as a Ganglion's four
 * channels at 200 Hz: real EEG in the Ganglion's range, just played slower.
 */
export function ganglionChannels(samples: number): number[][] {
  const rec = loadRecording(sessionFile(1, 1));
  const picked = ['Oz', 'O1', 'O2', 'POz'].map((name) => rec.channels.findIndex((c) => c.label === name));
  if (picked.includes(-1)) throw new Error(`${sessionFile(1, 1)}: Oz, O1, O2 or POz is missing`);
  return picked.map((c) => Array.from(rec.data[c].subarray(0, samples)));
}

/**
 * How far a Ganglion's decoded sample number `sample` (firmware 2) may be
 * from the value `uv` it was sent as: half a count for the ADC's rounding,
 * a count for every delta since its round's raw packet (each gives up its
 * least significant bit to the sign), and float32's rounding.
 */
export const ganglionTolerance = (sample: number, uv: number): number =>
  ((sample % GANGLION_ROUND_SAMPLES) + 0.5) * GANGLION_UV_PER_COUNT + Math.abs(uv) * 2 ** -23;
