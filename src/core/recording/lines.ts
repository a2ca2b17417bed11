import { RecordingError } from './types';

/**
 * Bytes of a file from its start, as often as asked: a Node host reads the
 * file a chunk at a time, a page hands its buffer over in one piece. Memory
 * stays flat in file length when the chunks are.
 */
export interface ByteChunks {
  chunks(): Iterable<Uint8Array>;
}

export function bufferChunks(bytes: Uint8Array): ByteChunks {
  return { chunks: () => [bytes] };
}

/** A line of text and its number in the file (from 1); `ended` is false for a last line without a newline. */
export interface TextLine {
  text: string;
  number: number;
  ended: boolean;
}

/** Longer than any line of a recording's text: a file without newlines is not one. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * The lines of UTF-8 text given as byte chunks split anywhere (inside a
 * line, a CRLF or a multi-byte character). Holds one chunk and one line at
 * a time, whatever the file's length.
 */
export function* textLines(source: ByteChunks, fileName: string): Generator<TextLine> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let number = 0;
  const line = (text: string, ended: boolean): TextLine => {
    number++;
    return { text: text.endsWith('\r') ? text.slice(0, -1) : text, number, ended };
  };
  for (const chunk of source.chunks()) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      yield line(text.slice(start, nl), true);
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_CHARS) {
      throw new RecordingError(
        fileName,
        `line ${number + 1} is longer than ${MAX_LINE_CHARS} characters: not a text recording`,
      );
    }
  }
  carry += decoder.decode();
  if (carry.length > 0) yield line(carry, false);
}

/** The first `count` lines (fewer in a shorter file), for telling formats apart. */
export function headLines(source: ByteChunks, fileName: string, count: number): string[] {
  const out: string[] = [];
  for (const l of textLines(source, fileName)) {
    out.push(l.text);
    if (out.length >= count) break;
  }
  return out;
}
