import { closeSync, existsSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fsFault } from './fs-fault';

/** An output that must not or could not be written: a user error, named. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** The same file, also through another name (a link, ./x vs x). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Refuses, before anything is read or written, an output that is one of the
 * inputs (or their events tables) or that exists while `force` is off.
 */
export function checkOutput(path: string, inputs: string[], force: boolean): void {
  for (const input of inputs) {
    if (existsSync(input) && sameFile(path, input))
      throw new OutputError(`${path}: would overwrite the input ${input}`);
  }
  if (!force && existsSync(path)) throw new OutputError(`${path}: exists (use --force to replace it)`);
}

/**
 * Writes a file whole or not at all: into a temporary file beside it, renamed
 * over `path` once complete. A failed write leaves `path` as it was and ends
 * with an OutputError naming it (exit 2).
 */
export function writeAtomically(path: string, write: (put: (bytes: Uint8Array | string) => void) => void): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o644);
    const f = fd;
    write((bytes) => {
      const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
      let done = 0;
      while (done < buf.length) done += writeSync(f, buf, done, buf.length - done);
    });
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // nothing was created
    }
    if (e instanceof OutputError || !(e as NodeJS.ErrnoException).code) throw e;
    throw new OutputError(`cannot write ${path}: ${fsFault(e)}`);
  }
}
