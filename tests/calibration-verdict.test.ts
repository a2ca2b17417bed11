import { describe, expect, it } from 'vitest';
import { calibrationVerdict, saveNeedsConfirmation } from '../src/core/ssvep/calibration-verdict';

describe('calibration verdict', () => {
  it('states the chance level as 1 / number of targets and the bars above it', () => {
    const v = calibrationVerdict({ accuracy: 0.9, targets: 4 });
    expect(v.chance).toBe(0.25);
    expect(v.usableFrom).toBeCloseTo(0.625);
    expect(v.goodFrom).toBeCloseTo(0.8125);
    expect(v.text).toContain('Guessing among the 4 squares would be right 25 times out of 100');
    expect(v.text).toContain('90 times');
    expect(calibrationVerdict({ accuracy: 0.9, targets: 2 }).text).toContain('right 50 times out of 100');
  });

  it('says what was measured: looks at squares (forced choice) or every moment, rest included', () => {
    expect(calibrationVerdict({ accuracy: 0.3, targets: 4, measure: 'looks' }).text).toMatch(
      /^When the person looked at a square, it recognised the right square 30 times out of 100\. Guessing among the 4 squares would be right 25 times/,
    );
    expect(calibrationVerdict({ accuracy: 0.3, targets: 4 }).text).toMatch(
      /^Out of 100 moments, .* \(looking at a square, or resting\) 30 times\./,
    );
  });

  it('calls 30 % with 4 targets too low and says to check the headset contact', () => {
    const v = calibrationVerdict({ accuracy: 0.3, targets: 4 });
    expect(v.verdict).toBe('too-low');
    expect(v.headline).toMatch(/^Too low: check the headset contact/);
  });

  it('calls a person who never looked (about the share of rest windows, ~47 %) too low', () => {
    expect(calibrationVerdict({ accuracy: 0.47, targets: 4, restFired: 0.05 }).verdict).toBe('too-low');
  });

  it('grades by the bars: good, usable, too low, and the bars move with the number of targets', () => {
    expect(calibrationVerdict({ accuracy: 0.95, targets: 4, restFired: 0 }).verdict).toBe('good');
    expect(calibrationVerdict({ accuracy: 0.7, targets: 4 }).verdict).toBe('usable');
    expect(calibrationVerdict({ accuracy: 0.6, targets: 4 }).verdict).toBe('too-low');
    // 70 % is usable among 4 but not among 2 (where guessing gets 50 %).
    expect(calibrationVerdict({ accuracy: 0.7, targets: 2 }).verdict).toBe('too-low');
    expect(calibrationVerdict({ accuracy: 0.8, targets: 2 }).verdict).toBe('usable');
  });

  it('a good average with a square that is never recognised, or rest that fires, is only usable', () => {
    const v = calibrationVerdict({
      accuracy: 0.9,
      targets: 3,
      perTarget: [
        { label: 'Next', accuracy: 0.95 },
        { label: 'Like', accuracy: 0.6 },
        { label: 'Back', accuracy: 0.2 },
      ],
    });
    expect(v.verdict).toBe('usable');
    expect(v.headline).toContain('Back was not recognised');
    expect(v.targets.map((t) => t.reliability)).toEqual(['reliable', 'sometimes-missed', 'not-recognised']);
    expect(v.targets[2].text).toMatch(/^Back: not recognised \(20 of 100\)/);
    const resting = calibrationVerdict({ accuracy: 0.95, targets: 4, restFired: 0.2 });
    expect(resting.verdict).toBe('usable');
    expect(resting.headline).toContain('lower the sensitivity');
  });

  it('a square whose response the calibration found too weak is called so, and a good result with one is only usable', () => {
    const v = calibrationVerdict({
      accuracy: 0.9,
      targets: 3,
      perTarget: [
        { label: 'Next', accuracy: 0.9, reliable: false, silent: true },
        { label: 'Back', accuracy: 0.9, reliable: true },
        { label: 'Menu', accuracy: 0.4, reliable: false },
      ],
    });
    expect(v.targets.map((t) => t.reliability)).toEqual(['not-recognised', 'reliable', 'not-recognised']);
    expect(v.targets[0].text).toMatch(/^Next: response too weak \(90 of 100\): it will stay silent/);
    // Standing out from rest but confused with others: strictest, not silent, and the words do not say silent.
    expect(v.targets[2].text).toMatch(/^Menu: often taken for another square \(40 of 100\): it will need a long/);
    expect(v.targets[2].text).not.toMatch(/silent/);
    expect(v.verdict).toBe('usable');
  });

  it('without per-target figures gives no per-target words', () => {
    expect(calibrationVerdict({ accuracy: 0.9, targets: 4 }).targets).toEqual([]);
  });

  it('refuses figures that cannot be', () => {
    expect(() => calibrationVerdict({ accuracy: 1.2, targets: 4 })).toThrow(/accuracy/);
    expect(() => calibrationVerdict({ accuracy: Number.NaN, targets: 4 })).toThrow(/accuracy/);
    expect(() => calibrationVerdict({ accuracy: 0.5, targets: 1 })).toThrow(/targets/);
  });
});

describe('saving a calibration', () => {
  const active = { name: 'Monday', accuracy: 0.9 };
  it('needs confirmation when the result is worse than the one in use', () => {
    expect(saveNeedsConfirmation({ accuracy: 0.7, verdict: 'usable' }, active)).toMatch(
      /worse than the calibration in use, "Monday" \(90 of 100\)/,
    );
  });
  it('needs confirmation when the result is too low, even with nothing in use or a worse one in use', () => {
    expect(saveNeedsConfirmation({ accuracy: 0.3, verdict: 'too-low' }, undefined)).toMatch(/too low/);
    expect(saveNeedsConfirmation({ accuracy: 0.55, verdict: 'too-low' }, { name: 'Old', accuracy: 0.4 })).toMatch(
      /too low\. Saving it would replace the calibration in use, "Old"/,
    );
  });
  it('does not ask when the result is as good or better, or nothing comparable is in use', () => {
    expect(saveNeedsConfirmation({ accuracy: 0.9, verdict: 'good' }, active)).toBeUndefined();
    expect(saveNeedsConfirmation({ accuracy: 0.95, verdict: 'good' }, active)).toBeUndefined();
    expect(saveNeedsConfirmation({ accuracy: 0.7, verdict: 'usable' }, undefined)).toBeUndefined();
    expect(saveNeedsConfirmation({ accuracy: 0.7, verdict: 'usable' }, { name: 'Imported' })).toBeUndefined();
  });
});

describe('one switch, proposed by the check-in', () => {
  const proposal = { label: 'Menu', frequency: 13 };
  it('is offered in words when four squares are too many', () => {
    const v = calibrationVerdict({ accuracy: 0.35, measure: 'looks', targets: 4, oneSwitch: proposal });
    expect(v.verdict).toBe('too-low');
    expect(v.oneSwitch?.text).toMatch(/Menu \(13 Hz\) stands out from rest\. Try one switch/);
    // The headline points to the offer, not only to the contact: the Menu square's signal is fine.
    expect(v.headline).toMatch(/^Too low for four squares, but Menu stands out: try one switch/);
  });
  it('is not offered when the four squares work', () => {
    expect(calibrationVerdict({ accuracy: 0.95, measure: 'looks', targets: 4, oneSwitch: proposal }).oneSwitch).toBe(
      undefined,
    );
  });
});
