import type { TextLine } from './lines';
import { LineFault, numberIn } from './text-cells';
import type { TextLayout, TextRow } from './text-recording';
import { RecordingError } from './types';

/** Whether the first line is the OpenBCI GUI's "Raw" text header (every generation starts so). */
export function isOpenbciText(firstLine: string): boolean {
  return /^%OpenBCI Raw (EEG|EXG) Data/.test(firstLine);
}

const BOARDS: [RegExp, string][] = [
  [/daisy/i, 'Cyton + Daisy'],
  [/cyton/i, 'Cyton'],
  [/ganglion/i, 'Ganglion'],
];

/** The board from `%Board = OpenBCI_GUI$BoardCytonSerial`, or from the channel count in older files. */
function boardName(board: string | undefined, channels: number): string {
  if (board !== undefined) return BOARDS.find(([re]) => re.test(board))?.[1] ?? board.replace(/^.*\$Board/, '');
  return channels === 16 ? 'Cyton + Daisy' : channels === 4 ? 'Ganglion' : 'Cyton';
}

/**
 * The OpenBCI GUI's "OpenBCI Raw" text, three generations:
 * - v3/v4: `%` header (channels, rate), then sample index, EEG in uV, accelerometer, clock time, epoch ms;
 * - v5: adds `%Board = ...` (and a first row of zeros), then index, EEG, accelerometer, aux, epoch ms, clock;
 * - v6: a named header row (`Sample Index, EXG Channel 0, ...`) with a `Marker Channel`.
 * The Cyton's sample index counts 0..255: where it jumps, samples were lost.
 */
export function openbciLayout(head: string[], fileName: string): TextLayout {
  const fail = (fault: string): never => {
    throw new RecordingError(fileName, fault);
  };
  let headerLines = 0;
  const fields = new Map<string, string>();
  while (headerLines < head.length && head[headerLines].startsWith('%')) {
    const m = /^%\s*([^=]+?)\s*=\s*(.*?)\s*$/.exec(head[headerLines]);
    if (m) fields.set(m[1].toLowerCase(), m[2]);
    headerLines++;
  }
  const channelCount = Number(fields.get('number of channels'));
  if (!Number.isInteger(channelCount) || channelCount < 1 || channelCount > 64) {
    fail(`OpenBCI header: invalid "%Number of channels" (${fields.get('number of channels') ?? 'missing'})`);
  }
  const rateText = fields.get('sample rate');
  const sampleRate = Number(rateText?.replace(/\s*Hz$/i, ''));
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) {
    fail(`OpenBCI header: invalid "%Sample Rate" (${rateText ?? 'missing'})`);
  }
  const boardField = fields.get('board');
  const board = boardName(boardField, channelCount);
  const named = head[headerLines]?.startsWith('Sample Index');
  const version = named ? 'v6' : boardField !== undefined ? 'v5' : 'v3/v4';

  let eeg = Array.from({ length: channelCount }, (_, c) => 1 + c);
  let labels = eeg.map((_, c) => `EXG Channel ${c}`);
  let marker: number | undefined;
  let columns: number | undefined;
  if (named) {
    const names = head[headerLines].split(',').map((s) => s.trim());
    columns = names.length;
    eeg = labels.map((l) => names.indexOf(l));
    const missing = labels.find((_, c) => eeg[c] < 0);
    if (missing) fail(`OpenBCI header row has no "${missing}" column`);
    labels = eeg.map((i) => names[i]);
    const m = names.indexOf('Marker Channel');
    marker = m >= 0 ? m : undefined;
    headerLines++;
  }

  // Cyton boards count samples; the Ganglion's index is a packet id shared by two samples.
  const counted = board.startsWith('Cyton');
  let step: number | undefined;
  const parseRow = (line: TextLine, out: Float32Array): TextRow => {
    const cells = line.text.split(',');
    columns ??= cells.length;
    if (cells.length !== columns) throw new LineFault(` has ${cells.length} columns, the others ${columns}`);
    if (cells.length <= channelCount)
      throw new LineFault(` has ${cells.length} columns, fewer than the sample index and ${channelCount} channels`);
    const index = cells[0].trim();
    if (!/^\d+$/.test(index)) throw new LineFault(`, column Sample Index: "${index}" is not a sample number`);
    for (let c = 0; c < channelCount; c++) out[c] = numberIn(cells[eeg[c]], labels[c]);
    const row: TextRow = { counter: Number(index) };
    if (marker !== undefined) {
      const value = numberIn(cells[marker], 'Marker Channel');
      if (value !== 0) row.marker = String(value);
    }
    return row;
  };

  return {
    format: `OpenBCI GUI Raw ${version}, ${board} (${channelCount} channels)`,
    channels: labels.map((label) => ({ label, unit: 'uV' })),
    headerLines,
    parse: parseRow,
    // v5 starts with a row of zeros, its index written "0.0": not a sample.
    ignore: (line) => /^0\.0(,0\.0)*$/.test(line.text.replace(/\s/g, '')),
    lostBetween: counted
      ? (previous, row) => {
          const jump = (((row.counter! - previous.counter!) % 256) + 256) % 256;
          // Daisy rows advance the index by 2 (one row per pair of packets); learnt from the first pair.
          step ??= jump === 2 ? 2 : 1;
          return Math.floor(((((jump - step) % 256) + 256) % 256) / step);
        }
      : undefined,
    sampleRate: () => sampleRate,
  };
}
