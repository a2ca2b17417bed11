import { closeSync, openSync, readSync } from 'node:fs';
import type { ByteChunks } from '../core/recording/lines';
import { RecordingError } from '../core/recording/types';
import { fsFault } from './fs-fault';

/** About 1 MiB per read: large enough to be fast, small enough that memory stays flat. */
const CHUNK_BYTES = 1 << 20;

/** A file's bytes from its start, a chunk at a time; the file is open only while they are being read. */
export function fileChunks(path: string, chunkBytes = CHUNK_BYTES): ByteChunks {
  return {
    *chunks() {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        throw new RecordingError(path, fsFault(e, 'a recording'));
      }
      try {
        for (;;) {
          const buf = new Uint8Array(chunkBytes);
          let got: number;
          try {
            got = readSync(fd, buf, 0, chunkBytes, null);
          } catch (e) {
            throw new RecordingError(path, fsFault(e, 'a recording'));
          }
          if (got === 0) return;
          yield buf.subarray(0, got);
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}
