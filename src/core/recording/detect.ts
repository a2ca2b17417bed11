import { collect } from './collect';
import { explorepyLayout, isExplorepyCsv } from './csv';
import { bufferChunks, type ByteChunks, headLines } from './lines';
import { isMuselslCsv, muselslLayout } from './muselsl';
import { isOpenbciText, openbciLayout } from './openbci';
import type { StreamedRecording } from './streamed';
import { readTextRecording } from './text-recording';
import { type Recording, RecordingError } from './types';
import { scanXdf } from './xdf';
import { isXdf } from './xdf-chunks';
import { readEdf } from './edf';

export type ContentFormat = 'edf' | 'xdf' | 'openbci' | 'muselsl' | 'csv';

export const KNOWN_FORMATS = 'BDF/BDF+, EDF/EDF+, XDF, OpenBCI GUI Raw text, muselsl CSV or explorepy CSV';

/** The header lines the text formats are told apart by (OpenBCI's `%` lines and v6 column row). */
const HEAD_LINES = 16;

/** Which reader a file needs, from its first bytes and lines (never from its name). */
export function detectFormat(head: Uint8Array, lines: () => string[]): ContentFormat | undefined {
  if (head[0] === 0xff || (head[0] === 0x30 && head[1] === 0x20)) return 'edf';
  if (isXdf(head)) return 'xdf';
  const first = lines()[0] ?? '';
  if (isOpenbciText(first)) return 'openbci';
  if (isMuselslCsv(first)) return 'muselsl';
  if (isExplorepyCsv(first)) return 'csv';
  return undefined;
}

export interface OpenOptions {
  /** XDF: the stream to read (default: the one of type EEG). */
  stream?: string;
}

/** A text or XDF recording opened for streaming; BDF/EDF have their own random-access reader. */
export function openStreamed(
  source: ByteChunks,
  format: Exclude<ContentFormat, 'edf'>,
  fileName: string,
  options: OpenOptions = {},
): StreamedRecording {
  if (format === 'xdf') return scanXdf(source, fileName).open(options.stream);
  const head = headLines(source, fileName, HEAD_LINES);
  const layout =
    format === 'openbci'
      ? openbciLayout(head, fileName)
      : format === 'muselsl'
        ? muselslLayout(head[0], fileName)
        : explorepyLayout(head[0], fileName);
  return readTextRecording(source, fileName, layout);
}

/** Reads any supported recording from its bytes, choosing the reader by content. */
export function readRecording(bytes: Uint8Array, fileName: string, options: OpenOptions = {}): Recording {
  if (bytes.length === 0) throw new RecordingError(fileName, 'empty file');
  const source = bufferChunks(bytes);
  const format = detectFormat(bytes.subarray(0, 8), () => headLines(source, fileName, 1));
  if (format === undefined) throw new RecordingError(fileName, `unknown format (expected ${KNOWN_FORMATS})`);
  if (format === 'edf') return readEdf(bytes, fileName);
  return collect(openStreamed(source, format, fileName, options));
}
