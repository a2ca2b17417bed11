import { writeCsv } from './csv';
import { writeEdf } from './edf-writer';
import type { Recording } from './types';

export * from './types';
export { EdfReader, bufferSource, type ByteSource } from './edf';
export { foldMaxAbs, planEdf, writeEdf } from './edf-writer';
export { csvHeader, csvRows, readCsv, writeCsv } from './csv';
export { readEventsTsv, writeEventsTsv } from './events-tsv';
export {
  detectFormat,
  KNOWN_FORMATS,
  openStreamed,
  readRecording,
  type ContentFormat,
  type OpenOptions,
} from './detect';
export { bufferChunks, type ByteChunks } from './lines';
export type { StreamedRecording } from './streamed';
export { scanXdf, type XdfFile } from './xdf';

export type RecordingFormat = 'bdf' | 'edf' | 'csv';

export function formatFromName(fileName: string): RecordingFormat | undefined {
  const m = /\.(bdf|edf|csv)$/i.exec(fileName);
  return m ? (m[1].toLowerCase() as RecordingFormat) : undefined;
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
