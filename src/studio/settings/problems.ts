import { actionProblems, browsingProblems } from '../../core/browse/settings-check';
import { DEFAULT_BROWSING } from '../../core/protocol/layout';
import { RELAY_DEFAULT_PORT } from '../../core/protocol/relay';
import type { Tuning } from '../../core/ssvep/tuning';
import type { Settings } from '../../core/state/settings';
import { renderable } from '../../extension/stimulus-clock';

/** The decision tuning shown and checked while the carer has set none. */
export const DEFAULT_TUNING: Tuning = { sensitivity: 3, dwell: 2, refractory: 1 };

/** What stops these settings from being applied (errors) and what deserves a second look (warnings), on this screen. */
export function settingsProblems(s: Settings, refreshRate: number): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const t = s.layout.targets;
  if (t.length < 2 || t.length > 8) errors.push('Use 2 to 8 squares.');
  t.forEach((a, i) => {
    if (!(a.frequency >= 4 && a.frequency <= 60))
      errors.push(`${a.label}: ${a.frequency} flashes per second is outside 4 to 60.`);
    else if (!renderable(a.frequency, refreshRate))
      errors.push(
        `${a.label}: ${a.frequency} flashes per second cannot be shown on this screen (it refreshes ${refreshRate} times a second: at most ${refreshRate / 2 - 0.5}).`,
      );
    t.forEach((b, j) => {
      if (j <= i) return;
      if (Math.abs(a.frequency - b.frequency) < 0.5)
        errors.push(`${a.label} and ${b.label} flash at almost the same speed (keep them 0.5 apart).`);
      for (const k of [2, 3]) {
        if (Math.abs(a.frequency * k - b.frequency) < 0.3 || Math.abs(b.frequency * k - a.frequency) < 0.3) {
          warnings.push(
            `${b.label} (${b.frequency}) flashes ${k} times as fast as ${a.label} (${a.frequency}): they may be confused.`,
          );
        }
      }
    });
  });
  const alpha = t.filter((a) => a.frequency >= 8 && a.frequency <= 12.5);
  if (alpha.length)
    warnings.push(
      `${alpha.map((a) => `${a.label} (${a.frequency})`).join(', ')}: a resting brain has its own rhythm at 8 to 12.5 flashes per second, so ${alpha.length > 1 ? 'these squares' : 'this square'} may be selected by mistake while the person rests. The calibration shows how much.`,
    );
  if (!(s.layout.size >= 60 && s.layout.size <= 400)) errors.push('The size of the squares must be 60 to 400 pixels.');
  const tu = s.tuning ?? DEFAULT_TUNING;
  if (!(tu.sensitivity >= 1 && tu.sensitivity <= 5)) errors.push('How easily it selects must be 1 to 5.');
  if (!(tu.dwell >= 1 && tu.dwell <= 8)) errors.push('Extra look time must be 1 to 8.');
  if (!(tu.refractory >= 0 && tu.refractory <= 10)) errors.push('The rest after a selection must be 0 to 10 seconds.');
  errors.push(...actionProblems(s.layout), ...browsingProblems(s.browsing ?? DEFAULT_BROWSING));
  const port = s.relayPort ?? RELAY_DEFAULT_PORT;
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) errors.push('The relay port must be 1 to 65535.');
  if (s.relay && !s.relayToken) {
    warnings.push('Sharing is on but not paired: nothing is shared until the relay’s token is pasted.');
  }
  return { errors, warnings };
}
