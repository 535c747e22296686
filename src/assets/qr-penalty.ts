/**
 * The QR mask penalty of ISO/IEC 18004 (section 7.8.3): how hard a symbol is
 * to scan, from long runs, 2x2 blocks, finder-like patterns and the balance
 * of dark and light. Lower is better. Written for speed: it runs eight times
 * per certificate.
 */
export function qrPenalty(size: number, m: Uint8Array): number {
  let score = 0;
  let dark = 0;
  // Rows read m directly; columns read its transpose the same way.
  const t = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) t[c * size + r] = m[r * size + c]!;
  for (const g of [m, t]) {
    for (let r = 0; r < size; r++) {
      const o = r * size;
      let run = 1;
      for (let c = 1; c < size; c++) {
        if (g[o + c] === g[o + c - 1]) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      if (run >= 5) score += run - 2;
      // 1:1:3:1:1 finder look-alikes with four light modules on one side.
      for (let c = 0; c + 7 <= size; c++) {
        const i = o + c;
        if (g[i] && !g[i + 1] && g[i + 2] && g[i + 3] && g[i + 4] && !g[i + 5] && g[i + 6]) {
          const lightBefore = c < 4 || !(g[i - 1]! | g[i - 2]! | g[i - 3]! | g[i - 4]!);
          const lightAfter = c + 11 > size || !(g[i + 7]! | g[i + 8]! | g[i + 9]! | g[i + 10]!);
          if (lightBefore || lightAfter) score += 40;
        }
      }
    }
  }
  for (let r = 0; r < size; r++) {
    const o = r * size;
    for (let c = 0; c < size; c++) {
      const v = m[o + c]!;
      dark += v;
      if (r + 1 < size && c + 1 < size && v === m[o + c + 1] && v === m[o + size + c] && v === m[o + size + c + 1]) score += 3;
    }
  }
  return score + 10 * Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5);
}
