/**
 * The register's CSV cells in a spreadsheet (issue 33, Low 9): whichever
 * separator the spreadsheet splits on, no field starts a formula, and the
 * import gets every value back exactly. Property-tested over strings made
 * of separators, formula characters and quotes (the CLI test exports and
 * imports a real register with such a reason).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardCell, unguardCell } from '../src/register/transfer.js';

const tricky = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', ',', ';', "'", '"', 'a', ' ', '1'), maxLength: 24 });

describe('CSV cells a spreadsheet may split', () => {
  it('no field cut on , or ; starts with = + - @ tab or CR', () => {
    fc.assert(
      fc.property(tricky, (value) => {
        for (const field of guardCell(value).split(/[,;]/)) expect(field).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 5000 },
    );
  });

  it('the import undoes the guard exactly', () => {
    fc.assert(
      fc.property(tricky, (value) => {
        expect(unguardCell(guardCell(value))).toBe(value);
      }),
      { numRuns: 5000 },
    );
    expect(guardCell('CIREBON,=1+1,X')).toBe("CIREBON,'=1+1,X");
    expect(guardCell("'=a")).toBe("''=a");
    expect(guardCell("'a")).toBe("'a");
  });
});
