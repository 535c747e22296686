/**
 * Fonts: TrueType or OpenType only (told by their bytes, never the file
 * name), tried once when they load so that a broken font fails there,
 * naming itself, and never later on a resident's name. Parsed fonts are
 * shared by every document and the cache evicts.
 */
import { createHash } from 'node:crypto';
import * as fontkit from 'fontkit';

/** What suket needs of a parsed font (a fontkit font; pdfkit embeds it). */
export interface Font {
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): { advanceWidth: number };
}

/** A font file may be at most this large (Arimo is 26 KB here, a full Latin font well under 1 MB). */
export const FONT_MAX_BYTES = 4 * 1024 * 1024;

/** The kind of font file, from its first four bytes. */
function fontKind(b: Uint8Array): 'truetype' | 'opentype' | 'woff' | 'collection' | undefined {
  const tag = b.length >= 4 ? String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!) : '';
  if (tag === '\0\x01\0\0' || tag === 'true') return 'truetype';
  if (tag === 'OTTO') return 'opentype';
  if (tag === 'wOFF' || tag === 'wOF2') return 'woff';
  if (tag === 'ttcf') return 'collection';
  return undefined;
}

// Every character a template's fixed text or a resident's value commonly uses.
const TRIAL_TEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 .,:;/-()'";

const CACHE_MAX = 16;
const cache = new Map<string, Font>();

/**
 * Parses font bytes once (cached by content, at most 16 fonts) and tries
 * them: units per em, glyph widths, layout and subsetting, as a document
 * will use them. Returns the font, or why it cannot be used.
 */
export function parseFont(bytes: Uint8Array): { font: Font } | { problem: string } {
  if (bytes.length > FONT_MAX_BYTES) return { problem: `is larger than ${FONT_MAX_BYTES / 1024 / 1024} MB` };
  const kind = fontKind(bytes);
  if (kind === 'woff' || kind === 'collection')
    return { problem: `is a ${kind === 'woff' ? 'WOFF' : 'TrueType collection'} file: use a single .ttf or .otf font` };
  if (!kind) return { problem: 'is not a TrueType or OpenType font' };
  const key = createHash('sha256').update(bytes).digest('hex');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return { font: hit };
  }
  const font = tryFont(bytes);
  if (typeof font === 'string') return { problem: font };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, font);
  return { font };
}

function tryFont(bytes: Uint8Array): Font | string {
  try {
    const f = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('layout' in f) || typeof f.layout !== 'function') return 'is not a single font';
    if (!(f.unitsPerEm >= 16 && f.unitsPerEm <= 16384)) return 'has an impossible unitsPerEm (head table)';
    const run = f.layout(TRIAL_TEXT);
    if (!Number.isFinite(run.advanceWidth) || run.advanceWidth <= 0) return 'has no usable glyph widths (hmtx table)';
    // Subsetting is what pdfkit does when it embeds the font.
    const subset = f.createSubset();
    for (const g of run.glyphs) subset.includeGlyph(g);
    subset.encode();
    return f as unknown as Font;
  } catch {
    return 'is damaged: its tables cannot be read';
  }
}

/** The first character the font cannot draw, or undefined. */
export function missingGlyph(font: Font, text: string): string | undefined {
  for (const ch of text) {
    if (ch === ' ') continue;
    if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) return ch;
  }
  return undefined;
}

const runWidths = new WeakMap<Font, Map<string, number>>();

/** A run's advance in font units, kept per font (bounded: resident names pass through). */
function runUnits(font: Font, run: string): number {
  let m = runWidths.get(font);
  if (!m) {
    m = new Map();
    runWidths.set(font, m);
  }
  let w = m.get(run);
  if (w === undefined) {
    w = font.layout(run).advanceWidth;
    if (m.size > 20_000) m.clear();
    m.set(run, w);
  }
  return w;
}

/**
 * Width of `text` at 1 pt, measured exactly as pdfkit draws it: in runs
 * that end after each space or tab, each shaped and kerned on its own (so
 * a kerning pair from a space to the next word, which Arimo has for A, T,
 * Y and more, is not applied, as pdfkit does not apply it).
 */
export function textWidth(font: Font, text: string): number {
  let units = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) continue;
    units += runUnits(font, text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) units += runUnits(font, text.slice(start));
  return units / font.unitsPerEm;
}
