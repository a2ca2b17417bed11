import { readCsv, writeCsv } from './csv';
import { readEdf } from './edf';
import { writeEdf } from './edf-writer';
import { type Recording, RecordingError } from './types';

export * from './types';
export { EdfReader, bufferSource, type ByteSource } from './edf';
export { foldMaxAbs, planEdf, writeEdf } from './edf-writer';
export { csvHeader, csvRows, readCsv, writeCsv } from './csv';
export { readEventsTsv, writeEventsTsv } from './events-tsv';

export type RecordingFormat = 'bdf' | 'edf' | 'csv';

export function formatFromName(fileName: string): RecordingFormat | undefined {
  const m = /\.(bdf|edf|csv)$/i.exec(fileName);
  return m ? (m[1].toLowerCase() as RecordingFormat) : undefined;
}

/** Reads any supported recording from its bytes, choosing the reader by content. */
export function readRecording(bytes: Uint8Array, fileName: string): Recording {
  if (bytes.length === 0) throw new RecordingError(fileName, 'empty file');
  if (bytes[0] === 0xff || (bytes[0] === 0x30 && bytes[1] === 0x20)) return readEdf(bytes, fileName);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  if (/^\s*(timestamp|time|t)\s*,/i.test(head)) return readCsv(new TextDecoder().decode(bytes), fileName);
  throw new RecordingError(fileName, 'unknown format (expected BDF/BDF+, EDF/EDF+ or explorepy CSV)');
}

export function encodeRecording(rec: Recording, format: RecordingFormat): Uint8Array {
  switch (format) {
    case 'bdf':
      return writeEdf(rec, { format: 'BDF' });
    case 'edf':
      return writeEdf(rec, { format: 'EDF' });
    case 'csv':
      return new TextEncoder().encode(writeCsv(rec));
  }
}
