import { ByteReader } from './byte-reader';
import type { ByteChunks } from './lines';
import { RecordingError } from './types';

/**
 * The XDF container (Lab Streaming Layer, LabRecorder): "XDF:" then chunks
 * of [length-byte count][length][tag][content]. Spec:
 * https://github.com/sccn/xdf/wiki/Specifications
 */
export const XDF_MAGIC = 'XDF:';

export const XdfTag = {
  FileHeader: 1,
  StreamHeader: 2,
  Samples: 3,
  ClockOffset: 4,
  Boundary: 5,
  StreamFooter: 6,
} as const;

export interface XdfChunk {
  /** One of XdfTag. */
  tag: number;
  /** Stream id (0 for file-level chunks). */
  stream: number;
  /** Content after the tag and stream id. */
  body: DataView;
  /** Byte offset of the chunk in the file, for faults. */
  at: number;
}

/** No writer makes chunks this big; a length beyond it is corruption, not data. */
const MAX_CHUNK_BYTES = 1 << 28;

export function isXdf(head: Uint8Array): boolean {
  return head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === XDF_MAGIC;
}

/** The chunks of an XDF file in file order, one in memory at a time. */
export function* xdfChunks(source: ByteChunks, fileName: string): Generator<XdfChunk> {
  const fail = (fault: string): never => {
    throw new RecordingError(fileName, fault);
  };
  const reader = new ByteReader(source);
  try {
    if (!isXdf(reader.read(4))) fail('not an XDF file (no "XDF:" at the start)');
    for (let index = 1; ; index++) {
      const at = reader.offset;
      const width = reader.read(1);
      if (width.length === 0) return;
      if (width[0] !== 1 && width[0] !== 4 && width[0] !== 8) {
        fail(`corrupt XDF: chunk ${index} at byte ${at} has a length field of ${width[0]} bytes (1, 4 or 8)`);
      }
      const lengthBytes = reader.read(width[0]);
      if (lengthBytes.length < width[0]) fail(`truncated XDF: the file ends inside chunk ${index} (at byte ${at})`);
      const length = readUint(lengthBytes);
      if (length < 2 || length > MAX_CHUNK_BYTES)
        fail(`corrupt XDF: chunk ${index} at byte ${at} claims ${length} bytes`);
      const bytes = reader.read(length);
      if (bytes.length < length) {
        fail(`truncated XDF: chunk ${index} at byte ${at} needs ${length} bytes, the file holds ${bytes.length}`);
      }
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      const tag = view.getUint16(0, true);
      if (tag < XdfTag.FileHeader || tag > XdfTag.StreamFooter) {
        fail(`corrupt XDF: chunk ${index} at byte ${at} has unknown tag ${tag}`);
      }
      const perStream = tag !== XdfTag.FileHeader && tag !== XdfTag.Boundary;
      if (perStream && length < 6) fail(`corrupt XDF: chunk ${index} at byte ${at} is too short for a stream id`);
      const skip = perStream ? 6 : 2;
      yield {
        tag,
        stream: perStream ? view.getUint32(2, true) : 0,
        body: new DataView(bytes.buffer, bytes.byteOffset + skip, bytes.length - skip),
        at,
      };
    }
  } finally {
    reader.close();
  }
}

/** A little-endian unsigned integer of 1, 4 or 8 bytes. */
export function readUint(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (bytes.length === 1) return bytes[0];
  if (bytes.length === 4) return view.getUint32(0, true);
  return Number(view.getBigUint64(0, true));
}
