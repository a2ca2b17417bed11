import type { Code } from '../../core/browse/choice-codes';
import { HINT_ALPHABETS, type HintAlphabet, type Layout } from '../../core/protocol/layout';

/**
 * A choice code drawn as the targets it takes: one chip per selection, in
 * that target's colour with the hint alphabet's symbol for it (so it can
 * be told apart without colour vision too). Digits already selected are
 * drawn dim.
 */
export const CHIP_CSS = `
.chips { display: inline-flex; gap: .18em; flex: none; }
.chip { display: inline-block; min-width: 1.3em; height: 1.3em; line-height: 1.3em; text-align: center;
  border-radius: .25em; color: #fff; font-weight: 700; box-shadow: 0 0 0 2px #fff; }
.chip.done { opacity: .3; }
`;

export function symbolOf(alphabet: HintAlphabet, digit: number): string {
  return HINT_ALPHABETS[alphabet][digit] ?? String(digit + 1);
}

export function colourOf(layout: Layout, digit: number): string {
  return layout.targets[digit]?.color ?? '#444';
}

/** Chips for `code`; the first `typed` of them are already selected. */
export function codeChips(code: Code, typed: number, layout: Layout, alphabet: HintAlphabet): HTMLElement {
  const box = document.createElement('span');
  box.className = 'chips';
  box.setAttribute('aria-hidden', 'true');
  code.forEach((d, i) => {
    const chip = document.createElement('span');
    chip.className = i < typed ? 'chip done' : 'chip';
    chip.style.background = colourOf(layout, d);
    chip.textContent = symbolOf(alphabet, d);
    box.append(chip);
  });
  return box;
}
