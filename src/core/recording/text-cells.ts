import type { TextLine } from './lines';

/**
 * What is wrong with one data line, worded to follow "line N" (": ...",
 * " has ...", ", column ..."); the text reader adds the file and the line.
 */
export class LineFault extends Error {
  override name = 'LineFault';
}

/**
 * The comma-separated cells of a data line, checked against the count the
 * header set.
 */
export function cellsOf(line: TextLine, expected: number): string[] {
  const cells = line.text.split(',');
  if (cells.length !== expected) throw new LineFault(` has ${cells.length} columns, the header ${expected}`);
  return cells;
}

/** The number in `cell` (spaces around it allowed), or a fault naming the column. */
export function numberIn(cell: string, column: string): number {
  const v = +cell;
  // `v - v` is NaN for NaN and the infinities; `+"  "` is 0, so a zero must hold a digit.
  if (v - v !== 0 || (v === 0 && !/\d/.test(cell)))
    throw new LineFault(`, column ${column}: "${cell.trim()}" is not a number`);
  return v;
}
