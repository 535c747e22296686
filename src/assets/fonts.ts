/** Fonts are parsed once per process and shared by every document. */
import { createHash } from 'node:crypto';
import * as fontkit from 'fontkit';

export type Font = fontkit.Font;

const cache = new Map<string, Font>();

/** Parses TrueType/OpenType bytes once; null when they are not a single font. */
export function parseFont(bytes: Uint8Array): Font | null {
  const key = createHash('sha256').update(bytes).digest('hex');
  const hit = cache.get(key);
  if (hit) return hit;
  let font: Font | null = null;
  try {
    const f = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    font = 'layout' in f && typeof f.layout === 'function' ? f : null;
  } catch {
    font = null;
  }
  if (font) cache.set(key, font);
  return font;
}

/** The first character the font cannot draw, or undefined. */
export function missingGlyph(font: Font, text: string): string | undefined {
  for (const ch of text) {
    if (ch === ' ') continue;
    if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) return ch;
  }
  return undefined;
}

const widthCache = new WeakMap<Font, Map<string, number>>();

/** Width of `text` at 1 pt, with the font's kerning (as pdfkit draws it). */
export function textWidth(font: Font, text: string): number {
  let m = widthCache.get(font);
  if (!m) widthCache.set(font, (m = new Map()));
  let w = m.get(text);
  if (w === undefined) {
    w = font.layout(text).advanceWidth / font.unitsPerEm;
    if (m.size > 20_000) m.clear();
    m.set(text, w);
  }
  return w;
}
