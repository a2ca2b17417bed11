/** Reads `bits` bits (MSB first) starting at bit offset `start` of `bytes`. */
export function readBits(bytes: Uint8Array, start: number, bits: number): number {
  let v = 0;
  for (let k = 0; k < bits; k++) {
    const bit = start + k;
    v = v * 2 + ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
  }
  return v;
}

/** Writes `value` (non-negative, < 2^bits) MSB first at bit offset `start`. */
export function writeBits(bytes: Uint8Array, start: number, bits: number, value: number): void {
  for (let k = 0; k < bits; k++) {
    const bit = start + k;
    const one = Math.floor(value / 2 ** (bits - 1 - k)) & 1;
    if (one) bytes[bit >> 3] |= 1 << (7 - (bit & 7));
    else bytes[bit >> 3] &= ~(1 << (7 - (bit & 7)));
  }
}
