/** Factor that turns a value in `unit` into microvolts, or undefined when the unit is not a voltage. */
export function toMicrovoltFactor(unit: string): number | undefined {
  const u = unit.trim().replace('µ', 'u').replace('μ', 'u');
  switch (u) {
    case 'uV':
      return 1;
    case 'mV':
      return 1e3;
    case 'V':
      return 1e6;
    case 'nV':
      return 1e-3;
    default:
      return undefined;
  }
}
