import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { canSubset, subsetTrueType } from '../src/codecs/font-subset.js';

type Glyph = { id: number; path: { toSVG(): string }; advanceWidth: number; _getMetrics(): { leftBearing: number } };
type Subset = { glyphs: number[]; includeGlyph(id: number): number; encode(): Uint8Array };
type TTF = {
  glyphForCodePoint(cp: number): Glyph;
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number }> };
  getGlyph(id: number): Glyph;
  numGlyphs: number;
  createSubset(): Subset;
};

const open = (file: string) => fontkit.create(readFileSync(new URL(`../fonts/${file}`, import.meta.url))) as unknown as TTF;

describe('TrueType subsets from the font bytes', () => {
  for (const file of ['Arimo-Regular.ttf', 'Arimo-Bold.ttf', 'Arimo-Italic.ttf']) {
    it(`${file}: every glyph keeps its outline and metrics, composites included, in a file fontkit reads`, () => {
      const font = open(file);
      const src = { bytes: font.stream.buffer, tables: font.directory.tables };
      expect(canSubset(src)).toBe(true);
      // All glyphs, in a scrambled order (a subset is numbered by first use), .notdef first as pdfkit's subset has it.
      const order = [0, ...Array.from({ length: font.numGlyphs - 1 }, (_, i) => ((i * 37) % (font.numGlyphs - 1)) + 1)];
      const subset = font.createSubset();
      for (const g of order) subset.includeGlyph(g);
      const bytes = subsetTrueType(src, subset.glyphs, (g) => subset.includeGlyph(g));
      const out = fontkit.create(Buffer.from(bytes)) as unknown as TTF;
      expect(out.numGlyphs).toBe(subset.glyphs.length);
      let composites = 0;
      subset.glyphs.forEach((orig, i) => {
        const a = font.getGlyph(orig);
        const b = out.getGlyph(i);
        expect(b.path.toSVG(), `glyph ${orig} -> ${i}`).toBe(a.path.toSVG());
        expect(b.advanceWidth).toBe(a.advanceWidth);
        expect(b._getMetrics().leftBearing).toBe(a._getMetrics().leftBearing);
        if (((font.getGlyph(orig) as unknown as { _decode(): { numberOfContours: number } | null })._decode()?.numberOfContours ?? 0) < 0) composites++;
      });
      expect(composites).toBeGreaterThan(0);
      // A few glyphs: the subset is small, its composites pull in their parts.
      const few = font.createSubset();
      for (const ch of 'Éé') few.includeGlyph(font.glyphForCodePoint(ch.codePointAt(0)!).id);
      const small = fontkit.create(Buffer.from(subsetTrueType(src, few.glyphs, (g) => few.includeGlyph(g)))) as unknown as TTF;
      expect(small.numGlyphs).toBe(few.glyphs.length);
      expect(few.glyphs.length).toBeGreaterThan(3);
      expect(small.getGlyph(1).path.toSVG()).toBe(font.glyphForCodePoint(0xc9).path.toSVG());
    });
  }

  it('a font whose tables do not hold together is not subset here (fontkit embeds it instead)', () => {
    const font = open('Arimo-Regular.ttf');
    const tables = font.directory.tables;
    const damaged = (edit: (b: Uint8Array, v: DataView) => void) => {
      const b = new Uint8Array(font.stream.buffer);
      edit(b, new DataView(b.buffer, b.byteOffset, b.byteLength));
      return canSubset({ bytes: b, tables });
    };
    expect(damaged(() => {})).toBe(true);
    // The last glyph offset past the end of glyf.
    expect(damaged((_b, v) => v.setUint16(tables.loca!.offset + tables.loca!.length - 2, 0xffff))).toBe(false);
    // Glyph offsets out of order.
    expect(damaged((_b, v) => v.setUint16(tables.loca!.offset + 2, 0x7fff))).toBe(false);
    // No horizontal metrics.
    expect(damaged((_b, v) => v.setUint16(tables.hhea!.offset + 34, 0))).toBe(false);
    // A table said to run past the file.
    expect(canSubset({ bytes: font.stream.buffer, tables: { ...tables, glyf: { offset: tables.glyf!.offset, length: 10_000_000 } } })).toBe(false);
  });

  it('refuses a glyph the font does not have, and leaves CFF and variable fonts to fontkit', () => {
    const font = open('Arimo-Regular.ttf');
    const src = { bytes: font.stream.buffer, tables: font.directory.tables };
    expect(() => subsetTrueType(src, [0, font.numGlyphs], () => 0)).toThrow(/not in the font/);
    expect(canSubset({ bytes: src.bytes, tables: { ...src.tables, gvar: { offset: 0, length: 0 } } })).toBe(false);
    const { glyf: _g, ...cff } = src.tables;
    expect(canSubset({ bytes: src.bytes, tables: { ...cff, 'CFF ': { offset: 0, length: 0 } } })).toBe(false);
  });
});
