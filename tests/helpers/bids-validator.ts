import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The validator's own command (its package exports no path to it); run offline. */
const VALIDATOR = resolve(__dirname, '../../node_modules/bids-validator/bin/bids-validator');

export interface BidsIssue {
  key: string;
  reason: string;
  files: { file?: { relativePath?: string } | null }[];
}

/** What the `bids-validator` npm package says of the dataset at `dir`. */
export function validateBids(dir: string): { errors: BidsIssue[]; warnings: BidsIssue[] } {
  const r = spawnSync(process.execPath, [VALIDATOR, dir, '--json'], { encoding: 'utf8' });
  return (JSON.parse(r.stdout) as { issues: { errors: BidsIssue[]; warnings: BidsIssue[] } }).issues;
}

/** The issues in one line each, for a failure message. */
export const explainBids = (issues: BidsIssue[]) =>
  issues.map((i) => `${i.key}: ${i.reason} (${i.files.map((f) => f.file?.relativePath).join(', ')})`).join('\n');
