/**
 * The QR mask penalty of ISO/IEC 18004 (section 7.8.3): how hard a symbol is
 * to scan, from long runs, 2x2 blocks, finder-like patterns and the balance
 * of dark and light. Lower is better. Written for speed: it runs eight times
 * per certificate, so rows and columns are read in place (no transpose) and
 * finder look-alikes are found with a 7-module window of bits.
 */
/** One line (a row, or a column read with a stride of `size`): runs of five or more, and 1:1:3:1:1 finder look-alikes with four light modules on one side. */
function linePenalty(g: Uint8Array, start: number, step: number, size: number): number {
  let score = 0;
  let run = 1;
  let prev = g[start]!;
  let window = prev; // the last 7 modules, newest in bit 0
  for (let c = 1; c < size; c++) {
    const v = g[start + c * step]!;
    if (v === prev) run++;
    else {
      if (run >= 5) score += run - 2;
      run = 1;
      prev = v;
    }
    window = ((window << 1) | v) & 0x7f;
    // 1:1:3:1:1 (dark light dark dark dark light dark) ending at c.
    if (window === 0x5d && c >= 6) {
      const s = c - 6;
      let before = s < 4;
      if (!before) {
        const i = start + s * step;
        before = !(g[i - step]! | g[i - 2 * step]! | g[i - 3 * step]! | g[i - 4 * step]!);
      }
      let after = s + 11 > size;
      if (!after && !before) {
        const i = start + (s + 7) * step;
        after = !(g[i]! | g[i + step]! | g[i + 2 * step]! | g[i + 3 * step]!);
      }
      if (before || after) score += 40;
    }
  }
  if (run >= 5) score += run - 2;
  return score;
}

/**
 * The QR mask penalty of ISO/IEC 18004 (section 7.8.3) of a symbol.
 * @example const best = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => qrPenalty(size, masked(k)));
 */
export function qrPenalty(size: number, m: Uint8Array): number {
  let score = 0;
  let dark = 0;
  for (let r = 0; r < size; r++) {
    // Row r, column r, then the 2x2 blocks and dark modules of row r.
    score += linePenalty(m, r * size, 1, size) + linePenalty(m, r, size, size);
    const o = r * size;
    const below = o + size;
    for (let c = 0; c < size; c++) {
      const v = m[o + c]!;
      dark += v;
      if (r + 1 < size && c + 1 < size && v === m[o + c + 1] && v === m[below + c] && v === m[below + c + 1]) score += 3;
    }
  }
  return score + 10 * Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5);
}
