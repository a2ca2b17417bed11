import { scanXdf } from '../core/recording/xdf';
import { isXdf } from '../core/recording/xdf-chunks';
import { fileChunks } from './file-chunks';

/** The streams of an XDF file, a line each; undefined when the file is not XDF. */
export function xdfStreamsOf(path: string): string[] | undefined {
  const chunks = fileChunks(path, 8).chunks()[Symbol.iterator]();
  const head = chunks.next();
  chunks.return?.();
  if (head.done || !isXdf(head.value)) return undefined;
  return scanXdf(fileChunks(path), path).describe();
}
