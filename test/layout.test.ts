/**
 * The layout itself, without a PDF: small templates laid out to drawing
 * operations, asserting wrap, justify, shrink, `below` and `anchor: bottom`.
 */
import { describe, expect, it } from 'vitest';
import { layoutPage, type DrawOp } from '../src/render/layout/layout.js';
import { loadTemplate } from '../src/index.js';
import { PT_PER_MM } from '../src/elements/common.js';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

const base = { name: 'probe', paper: ['A4'], fonts: { regular: 'builtin:Arimo-Regular', bold: 'builtin:Arimo-Bold' } };
const a4 = { name: 'A4', width: 210, height: 297 };
const texts = (ops: DrawOp[]) => ops.filter((o): o is Extract<DrawOp, { kind: 'text' }> => o.kind === 'text');

async function lay(elements: unknown[], data: Record<string, string> = {}) {
  const t = await loadTemplate({ ...base, elements });
  return layoutPage(t, a4, data, { photo: false });
}

describe('layoutPage', () => {
  it('wraps at word boundaries within w, one op per line, lineHeight apart', async () => {
    const page = await lay([
      { type: 'text', x: 10, y: 10, w: 40, size: 10, maxLines: 5, text: 'satu dua tiga empat lima enam tujuh delapan sembilan sepuluh' },
    ]);
    const lines = texts(page.ops);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.text).join(' ')).toBe('satu dua tiga empat lima enam tujuh delapan sembilan sepuluh');
    for (const [i, l] of lines.entries()) {
      expect(l.x).toBeCloseTo(10 * PT_PER_MM);
      expect(l.y).toBeCloseTo(10 * PT_PER_MM + i * 12);
    }
  });

  it('justifies every line but the last by word spacing', async () => {
    const page = await lay([
      {
        type: 'text',
        x: 10,
        y: 10,
        w: 50,
        size: 10,
        maxLines: 5,
        align: 'justify',
        text: 'Yang bertanda tangan di bawah ini menerangkan bahwa penduduk tersebut telah melakukan perekaman',
      },
    ]);
    const lines = texts(page.ops);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines.slice(0, -1)) expect(l.wordSpacing).toBeGreaterThan(0);
    expect(lines.at(-1)!.wordSpacing).toBe(0);
  });

  it('measures a text as pdfkit draws it: right-aligned, it ends at the edge, with no kerning from a space to the next word', async () => {
    // Arimo kerns a space before A, T and Y; pdfkit shapes each word with its trailing space on its own.
    const text = 'KOTA YOGYAKARTA DAN TANGERANG ATAU YAPEN';
    const page = await lay([{ type: 'text', x: 10, y: 10, w: 150, size: 12, align: 'right', text }]);
    const [line] = texts(page.ops);
    const doc = new PDFDocument({ font: null as unknown as string });
    doc.registerFont('r', readFileSync(new URL('../fonts/Arimo-Regular.ttf', import.meta.url)));
    doc.font('r').fontSize(12);
    expect(line!.x + doc.widthOfString(text)).toBeCloseTo(160 * PT_PER_MM, 4);
  });

  it('shrinks to the largest 0.25 pt step that fits, and no further than minSize', async () => {
    const page = await lay([{ type: 'text', x: 10, y: 10, w: 30, size: 14, minSize: 6, text: 'DINAS KEPENDUDUKAN' }]);
    const [line] = texts(page.ops);
    expect(line!.size).toBeLessThan(14);
    expect((line!.size * 4) % 1).toBe(0);
    await expect(lay([{ type: 'text', x: 10, y: 10, w: 10, size: 14, minSize: 12, text: 'DINAS KEPENDUDUKAN' }])).rejects.toMatchObject({
      code: 'RENDER_FAILED',
    });
  });

  it('places a `below` element under the actual height of the one before', async () => {
    const page = await lay(
      [
        { type: 'text', x: 10, y: 10, w: 30, size: 10, maxLines: 6, text: '{{resident.name}}' },
        { type: 'text', x: 10, y: 2, below: 0, w: 30, size: 10, text: 'BAWAH' },
      ],
      { 'resident.name': 'SATU DUA TIGA EMPAT LIMA ENAM TUJUH' },
    );
    const lines = texts(page.ops);
    const last = lines.find((l) => l.text === 'BAWAH')!;
    const nameLines = lines.length - 1;
    expect(nameLines).toBeGreaterThan(1);
    expect(last.y).toBeCloseTo(10 * PT_PER_MM + nameLines * 12 + 2 * PT_PER_MM);
  });

  it('anchors at the bottom edge: y is the gap below the element', async () => {
    const page = await lay([{ type: 'line', x: 10, y: 20, w: 100, thickness: 2, anchor: 'bottom' }]);
    const [line] = page.ops;
    expect(line).toMatchObject({ kind: 'line', thickness: 2 });
    expect((line as { y: number }).y).toBeCloseTo(297 * PT_PER_MM - 20 * PT_PER_MM - 2);
  });

  it('a text pushed into the next element is a layout error naming both', async () => {
    const error = await lay(
      [
        { type: 'text', x: 10, y: 10, w: 30, size: 10, maxLines: 6, text: '{{resident.name}}' },
        { type: 'text', x: 10, y: 16, w: 30, size: 10, text: 'TETAP' },
      ],
      { 'resident.name': 'SATU DUA TIGA EMPAT LIMA ENAM TUJUH' },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RENDER_FAILED', issues: [{ path: 'template.elements[1]', code: 'template_layout' }] });
  });
});
