import { expect } from 'vitest';
import type { AsyncSummary } from '../../src/core/eval/async';
import type { EpochSummary } from '../../src/core/eval/epochs';

/**
 * What the CLI prints with --json, typed, so the tests read fields of
 * declared types rather than of `any`.
 */

/** `evaluate --json`: one line per epoch... */
export interface EpochLine {
  type: 'epoch';
  file: string;
  onset: number;
  truth: string;
  pred: string;
  scores: Record<string, number>;
}

/** `replay --json`: one line per selection... */
export interface SelectionLine {
  type: 'selection';
  file: string;
  t: number;
  label: string;
}

/** ...then a summary: of the epochs (evaluate) or of the selections against the trials (replay). */
export type SummaryLine = { type: 'summary' } & Partial<EpochSummary> & Partial<Omit<AsyncSummary, 'latencies'>>;

/** `replay --json`: per file, how long selections were held and why (a contact reason names its electrode). */
export interface HeldLine {
  type: 'held';
  file: string;
  seconds: number;
  heldSeconds: number;
  reasons: { kind: string; channel?: string; problem?: string; seconds: number }[];
}

export type CliLine = EpochLine | SelectionLine | SummaryLine | HeldLine;

/** The lines of an `evaluate --json` or `replay --json` run's standard output. */
export const jsonLines = (out: string): CliLine[] =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as CliLine);

/** The last line, which must be the summary. */
export function summaryOf(lines: CliLine[]): SummaryLine {
  const last = lines.at(-1);
  expect(last?.type).toBe('summary');
  return last as SummaryLine;
}

/** `info --json`: one object per file. */
export interface InfoLine {
  file: string;
  channels: string[];
  sampleRate: number;
  samples: number;
  duration: number;
  trials: number;
  gaps: number;
  trialLabels: Record<string, number>;
}

export const parseInfo = (out: string) => JSON.parse(out) as InfoLine;
