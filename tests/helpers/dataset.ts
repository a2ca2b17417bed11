import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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
