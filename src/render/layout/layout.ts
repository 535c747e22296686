/**
 * Layout: a template, the data and the prepared assets become a list of
 * drawing operations in points. Every text is measured here, wrapped,
 * shrunk down to the template's minimum and checked against the font, so
 * the drawing stage only draws.
 */
import { SuketError, type Issue } from '../../errors.js';
import { missingGlyph, textWidth, type Font } from '../plan/fonts.js';
import type { LoadedTemplate, Paper } from '../../template/load.js';
import { inputPath, renderText, type DataContext } from '../../template/placeholders.js';
import type { LayoutAssets } from '../plan/plan.js';
import { kindOf, type TemplateElement } from '../../elements/index.js';
import { toPt, type Box, type Fitted, type LayoutContext, type Placement, type Style } from '../../elements/common.js';
import type { DrawOp, DrawShape, PageLayout, StructPath } from './page.js';

export type { DrawOp, PageLayout };

/**
 * Greedy word wrap at `size`; a word wider than the line breaks between
 * letters. Stops as soon as it needs more than `maxLines` (null), so the
 * work is bounded by the lines that can be printed, not the text's length.
 */
export function wrap(font: Font, text: string, size: number, width: number, maxLines: number): string[] | null {
  const lines: string[] = [];
  const fits = (s: string) => textWidth(font, s) * size <= width;
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (rest.length > 1 && !fits(rest)) {
      if (lines.length > maxLines) return null;
      const cut = longestFittingPrefix(rest, fits);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
    if (lines.length > maxLines) return null;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.length > maxLines ? null : lines;
}

/** The longest prefix (at least one character) that fits, by bisection: widths grow with length. */
function longestFittingPrefix(word: string, fits: (s: string) => boolean): number {
  let lo = 1;
  let hi = word.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(word.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Largest size from `size` down to `minSize`, in 0.25 pt steps, at which
 * the text fits: by bisection over the steps (a text that fits at one size
 * fits at every smaller one), so a wide range of sizes costs a few tries.
 */
export function fitToWidth(font: Font, text: string, style: Style, width: number): Fitted | null {
  const maxLines = style.maxLines ?? 1;
  const min = Math.min(style.minSize ?? style.size, style.size);
  const lineHeight = style.lineHeight ?? 1.2;
  const steps = Math.floor((style.size - min) / 0.25 + 1e-9);
  const sizeAt = (i: number) => Math.round((style.size - i * 0.25) * 100) / 100;
  const tryAt = (i: number) => {
    const size = sizeAt(i);
    const lines = wrap(font, text, size, width, maxLines);
    return lines?.every((l) => textWidth(font, l) * size <= width + 0.01) ? { lines, size, lineHeight } : null;
  };
  // Most values fit at the full size: one try instead of a bisection.
  const full = tryAt(0);
  if (full || steps === 0) return full;
  let best = tryAt(steps);
  if (!best) return null;
  let lo = 0;
  let hi = steps;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const f = tryAt(mid);
    if (f) {
      best = f;
      hi = mid;
    } else lo = mid + 1;
  }
  return best;
}

/** The fit with the fewest lines (1, 2, ... up to maxLines), each as large as it can be. */
function fitFewestLines(font: Font, text: string, style: Style, width: number): Fitted | null {
  for (let lines = 1; lines <= (style.maxLines ?? 1); lines++) {
    const f = fitToWidth(font, text, { ...style, maxLines: lines }, width);
    if (f) return f;
  }
  return null;
}

/**
 * Fitted texts kept from one certificate to the next, per template: the
 * statement, labels, letterhead and signatory are the same on every paper of
 * an office, and fitting them (wrapping, shrinking by bisection) was most of
 * the layout's time. Only texts without resident data are kept, so no
 * resident's name or NIK stays in memory; bounded for the issuance numbers
 * and dates that change with each paper.
 */
const FIT_CACHE_ENTRIES = 2000;
const fitCaches = new WeakMap<LoadedTemplate, Map<string, Readonly<Fitted & { text: string }>>>();

function fitsOf(template: LoadedTemplate): Map<string, Readonly<Fitted & { text: string }>> {
  let m = fitCaches.get(template);
  if (!m) {
    m = new Map();
    fitCaches.set(template, m);
  }
  return m;
}

function remember(m: Map<string, Readonly<Fitted & { text: string }>>, key: string, fitted: Fitted & { text: string }): void {
  if (m.size >= FIT_CACHE_ENTRIES) m.clear();
  m.set(key, Object.freeze({ ...fitted, lines: Object.freeze([...fitted.lines]) as string[] }));
}

const isResidentPath = (path: string) => path.startsWith('resident.');

/** Everything a fit depends on besides the template's fonts. */
const fitKey = (text: string, s: Style, width: number) => [s.font ?? 'regular', s.size, s.minSize, s.maxLines, s.lineHeight, s.fit, width, text].join('\u0000');

/** The layout context of one page: measuring, emitting, and what was placed so far. */
class Layouter implements LayoutContext {
  readonly ops: DrawOp[] = [];
  signatureMark: Box | undefined;
  readonly issues: Issue[] = [];
  readonly paperName: string;
  readonly paperWidth: number;
  readonly paperHeight: number;
  readonly images: ReadonlyMap<string, Uint8Array>;
  /** Bottom edge (pt) of each element laid out so far, for `below`. */
  readonly #bottoms: number[] = [];
  /** Boxes of what was placed, to catch text pushed into other text. */
  readonly #boxes: Array<Box & { i: number }> = [];
  /** Where `y` is measured from, from the top and from the bottom (pt): the paper's safe area. */
  readonly #frameTop: number;
  #tag: StructPath = [];
  readonly #frameBottom: number;

  constructor(
    readonly template: LoadedTemplate,
    paper: Paper,
    readonly data: DataContext,
    readonly assets: LayoutAssets,
  ) {
    this.paperName = paper.name;
    this.paperWidth = toPt(paper.width);
    this.paperHeight = toPt(paper.height);
    this.#frameTop = toPt(paper.safeArea?.top ?? 0);
    this.#frameBottom = this.paperHeight - toPt(paper.safeArea?.bottom ?? 0);
    this.images = template.images;
  }

  /** The input field to blame for a text problem: the placeholder whose value holds the culprit. */
  #blame(source: string, jsonPath: string, ch?: string): string {
    const paths = this.template.texts.get(source)?.paths ?? [];
    const hit = ch === undefined ? paths[0] : paths.find((p) => (this.data[p] ?? '').includes(ch));
    return hit ? inputPath(hit) : `template.${jsonPath}`;
  }

  fitText(source: string, jsonPath: string, style: Style, width: number): (Fitted & { text: string }) | null {
    const compiled = this.template.texts.get(source);
    const text = compiled ? renderText(compiled, this.data) : source;
    if (compiled?.paths.some(isResidentPath)) return this.#fitAnew(source, jsonPath, text, style, width);
    const fits = fitsOf(this.template);
    const key = fitKey(text, style, width);
    const hit = fits.get(key);
    if (hit) return hit;
    const fitted = this.#fitAnew(source, jsonPath, text, style, width);
    if (fitted) remember(fits, key, fitted);
    return fitted;
  }

  #fitAnew(source: string, jsonPath: string, text: string, style: Style, width: number): (Fitted & { text: string }) | null {
    const font = this.template.fonts[style.font ?? 'regular'];
    const missing = missingGlyph(font, text);
    if (missing !== undefined) {
      this.issue(this.#blame(source, jsonPath, missing), 'missing_glyph', 'has a character the template font cannot print');
      return null;
    }
    const fitted = style.fit === 'shrink' ? fitFewestLines(font, text, style, width) : fitToWidth(font, text, style, width);
    if (!fitted) {
      const at = `${style.maxLines ?? 1} line(s) at ${style.minSize ?? style.size} pt`;
      this.issue(this.#blame(source, jsonPath), 'text_overflow', `is too long for its place on the paper (${at})`);
      return null;
    }
    return { ...fitted, text };
  }

  emitLines(f: Fitted, style: Style, x: number, top: number, width: number): number {
    const font = this.template.fonts[style.font ?? 'regular'];
    const step = f.size * f.lineHeight;
    f.lines.forEach((line, i) => {
      const w = textWidth(font, line) * f.size;
      const spaces = line.split(' ').length - 1;
      const justify = style.align === 'justify' && i < f.lines.length - 1 && spaces > 0;
      const dx = style.align === 'right' ? width - w : style.align === 'center' ? (width - w) / 2 : 0;
      this.push({
        kind: 'text',
        x: x + dx,
        y: top + i * step,
        text: line,
        font: style.font ?? 'regular',
        size: f.size,
        wordSpacing: justify ? (width - w) / spaces : 0,
        underline: style.underline ? (justify ? width : w) : 0,
      });
    });
    return f.lines.length * step;
  }

  top(p: Placement, h: number): number {
    if (p.below !== undefined) return (this.#bottoms[p.below] ?? 0) + toPt(p.y);
    return p.anchor === 'bottom' ? this.#frameBottom - toPt(p.y) - h : this.#frameTop + toPt(p.y);
  }

  tag(path: StructPath): void {
    this.#tag = path;
  }

  push(op: DrawShape): void {
    this.ops.push({ ...op, tag: this.#tag });
  }

  issue(path: string, code: Issue['code'], message: string): void {
    this.issues.push({ path, code, message });
  }

  /** Lays out element i, records where it ended, and catches it running into an earlier one. */
  place(e: TemplateElement, i: number): void {
    const kind = kindOf(e);
    this.#tag = [];
    const mark = e.type === 'text' && e.signatureMark === true;
    if (mark && !this.assets.signed) {
      this.#bottoms[i] = 0;
      return;
    }
    const box = kind.layout(e, this, `elements[${i}]`);
    this.#bottoms[i] = box ? box.y + box.h : 0;
    // The mark sits in the signatory block's gap for a signature, on purpose.
    if (mark && box) this.signatureMark = box;
    if (!box || box.h <= 0 || !kind.solid || mark) return;
    const hit = this.#boxes.find((b) => b.x < box.x + box.w && box.x < b.x + b.w && b.y < box.y + box.h && box.y < b.y + b.h);
    if (hit) this.issue(`template.elements[${i}]`, 'template_layout', `runs into elements[${hit.i}] on ${this.paperName}: the text above is too long`);
    this.#boxes.push({ i, ...box });
  }
}

/** Printed across a draft. */
export const DRAFT_WATERMARK = 'KONSEP';
/** Printed across a specimen (`suket preview`). */
export const SPECIMEN_WATERMARK = 'SPESIMEN';

/** Lays out one page; throws RENDER_FAILED listing every text that cannot be printed. */
export function layoutPage(template: LoadedTemplate, paper: Paper, data: DataContext, assets: LayoutAssets): PageLayout {
  const l = new Layouter(template, paper, data, assets);
  for (const [i, e] of template.definition.elements.entries()) l.place(e, i);
  if (assets.draft || assets.specimen) {
    l.tag([]);
    l.push({ kind: 'watermark', text: assets.draft ? DRAFT_WATERMARK : SPECIMEN_WATERMARK, font: 'bold' });
  }
  if (l.issues.length) throw new SuketError('RENDER_FAILED', l.issues);
  return { width: l.paperWidth, height: l.paperHeight, ops: l.ops, ...(l.signatureMark ? { signatureMark: l.signatureMark } : {}) };
}
