/**
 * Layout: a template, the data and the prepared assets become a list of
 * drawing operations in points. Every text is measured here, wrapped,
 * shrunk down to the template's minimum and checked against the font, so
 * the drawing stage only draws.
 */
import { SuketError, type Issue } from './errors.js';
import { missingGlyph, textWidth, type Font } from './assets/fonts.js';
import { fontFor, type LoadedTemplate, type Paper } from './template/load.js';
import { inputPath, renderText, type DataContext } from './template/placeholders.js';
import type { TemplateElement } from './template/schema.js';
import type { LayoutAssets } from './assets/plan.js';
import { pngSize } from './assets/image.js';

export const PT_PER_MM = 72 / 25.4;
const mm = (v: number) => v * PT_PER_MM;

export type FontRole = 'regular' | 'bold' | 'italic';

export type DrawOp =
  | { kind: 'text'; x: number; y: number; text: string; font: FontRole; size: number; wordSpacing: number; underline: number }
  | { kind: 'image'; x: number; y: number; w: number; h: number; data: Uint8Array }
  | { kind: 'line'; x: number; y: number; w: number; thickness: number }
  // Filled in by the drawing stage when the photo and the seal are ready,
  // so that laying out and drawing the rest overlaps with preparing them.
  | { kind: 'photo'; x: number; y: number; w: number; h: number; border: number }
  | { kind: 'qr'; x: number; y: number; module: number; size: number };

export interface PageLayout {
  /** Points. */
  width: number;
  height: number;
  ops: DrawOp[];
}


interface Style {
  font?: FontRole | undefined;
  size: number;
  minSize?: number | undefined;
  align?: 'left' | 'center' | 'right' | 'justify' | undefined;
  lineHeight?: number | undefined;
  maxLines?: number | undefined;
  underline?: boolean | undefined;
}

interface Fitted {
  lines: string[];
  size: number;
  lineHeight: number;
}

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
export function fit(font: Font, text: string, style: Style, width: number): Fitted | null {
  const maxLines = style.maxLines ?? 1;
  const min = Math.min(style.minSize ?? style.size, style.size);
  const lineHeight = style.lineHeight ?? 1.2;
  const steps = Math.floor((style.size - min) / 0.25 + 1e-9);
  const sizeAt = (i: number) => Math.round((style.size - i * 0.25) * 100) / 100;
  const tryAt = (i: number) => {
    const size = sizeAt(i);
    const lines = wrap(font, text, size, width, maxLines);
    return lines && lines.every((l) => textWidth(font, l) * size <= width + 0.01) ? { lines, size, lineHeight } : null;
  };
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

class Layouter {
  readonly ops: DrawOp[] = [];
  readonly issues: Issue[] = [];

  constructor(
    readonly template: LoadedTemplate,
    readonly paper: Paper,
    readonly data: DataContext,
    readonly assets: LayoutAssets,
  ) {}

  /** A template text with its placeholders filled in. */
  text(source: string): string {
    const compiled = this.template.texts.get(source);
    return compiled ? renderText(compiled, this.data) : source;
  }

  /** The input field to blame for a text problem: the placeholder whose value holds the culprit. */
  blame(source: string, jsonPath: string, ch?: string): string {
    const paths = this.template.texts.get(source)?.paths ?? [];
    const hit = ch === undefined ? paths[0] : paths.find((p) => (this.data[p] ?? '').includes(ch));
    return hit ? inputPath(hit) : `template.${jsonPath}`;
  }

  /** Fits one text into `width` pt; records an issue and returns null when it cannot. */
  fitText(source: string, jsonPath: string, style: Style, width: number): (Fitted & { text: string }) | null {
    const text = this.text(source);
    const font = fontFor(style, this.template.fonts);
    const missing = missingGlyph(font, text);
    if (missing !== undefined) {
      this.issues.push({ path: this.blame(source, jsonPath, missing), code: 'missing_glyph', message: 'has a character the template font cannot print' });
      return null;
    }
    const fitted = fit(font, text, style, width);
    if (!fitted) {
      this.issues.push({
        path: this.blame(source, jsonPath),
        code: 'text_overflow',
        message: `is too long for its place on the paper (${style.maxLines ?? 1} line(s) at ${style.minSize ?? style.size} pt)`,
      });
      return null;
    }
    return { ...fitted, text };
  }

  /** Emits the lines of a fitted text with its top at `top`; returns the height used. */
  emitLines(f: Fitted, style: Style, x: number, top: number, width: number): number {
    const font = fontFor(style, this.template.fonts);
    const role = style.font ?? 'regular';
    const step = f.size * f.lineHeight;
    f.lines.forEach((line, i) => {
      const w = textWidth(font, line) * f.size;
      const spaces = line.split(' ').length - 1;
      const justify = style.align === 'justify' && i < f.lines.length - 1 && spaces > 0;
      const dx = style.align === 'right' ? width - w : style.align === 'center' ? (width - w) / 2 : 0;
      this.ops.push({
        kind: 'text',
        x: x + dx,
        y: top + i * step,
        text: line,
        font: role,
        size: f.size,
        wordSpacing: justify ? (width - w) / spaces : 0,
        underline: style.underline ? (justify ? width : w) : 0,
      });
    });
    return f.lines.length * step;
  }

  /** Bottom edge (pt) of each element laid out so far, for `below`. */
  readonly bottoms: number[] = [];
  /** Boxes of what was placed, to catch text pushed into other text. */
  readonly boxes: Array<{ i: number; x: number; y: number; w: number; h: number }> = [];

  /** Top of an element of height `h` (pt), from its anchor or the element it follows. */
  top(e: { x: number; y: number; anchor?: 'top' | 'bottom' | undefined; below?: number | undefined }, h: number, w = 0): number {
    const top =
      e.below !== undefined ? (this.bottoms[e.below] ?? 0) + mm(e.y) : e.anchor === 'bottom' ? mm(this.paper.height) - mm(e.y) - h : mm(e.y);
    this.current = { x: mm(e.x), y: top, w, h };
    return top;
  }

  /** The box of the element being laid out, set by top(). */
  private current: { x: number; y: number; w: number; h: number } | undefined;

  /** Lays out element i, records where it ended, and catches it running into an earlier one. */
  place(e: TemplateElement, i: number): void {
    this.current = undefined;
    this.element(e, i);
    const box = this.current as { x: number; y: number; w: number; h: number } | undefined;
    this.bottoms[i] = box ? box.y + box.h : 0;
    if (!box || box.h <= 0 || e.type === 'line' || e.type === 'image') return;
    const hit = this.boxes.find((b) => b.x < box.x + box.w && box.x < b.x + b.w && b.y < box.y + box.h && box.y < b.y + b.h);
    if (hit)
      this.issues.push({ path: `template.elements[${i}]`, code: 'template_layout', message: `runs into elements[${hit.i}] on ${this.paper.name}: the text above is too long` });
    this.boxes.push({ i, ...box });
  }

  private element(e: TemplateElement, i: number): void {
    const p = `elements[${i}]`;
    switch (e.type) {
      case 'text': {
        const f = this.fitText(e.text, `${p}.text`, e, mm(e.w));
        if (f) this.emitLines(f, e, mm(e.x), this.top(e, f.lines.length * f.size * f.lineHeight, mm(e.w)), mm(e.w));
        return;
      }
      case 'stack': {
        const fitted = e.items.map((it, j) => ({ it, f: this.fitText(it.text, `${p}.items[${j}].text`, it, mm(e.w)) }));
        const shown = fitted.filter(({ f }) => f && f.text.trim() !== '');
        const height = shown.reduce((h, { it, f }, j) => h + (j ? mm(it.gapBefore ?? 0) : 0) + f!.lines.length * f!.size * f!.lineHeight, 0);
        let y = this.top(e, height, mm(e.w));
        shown.forEach(({ it, f }, j) => {
          if (j) y += mm(it.gapBefore ?? 0);
          y += this.emitLines(f!, it, mm(e.x), y, mm(e.w));
        });
        return;
      }
      case 'table': {
        const sepW = mm(e.separatorWidth ?? 3);
        const valueX = mm(e.x + e.labelWidth) + sepW;
        const valueW = mm(e.x + e.w) - valueX;
        const base = { size: e.size, minSize: e.minSize, lineHeight: e.lineHeight };
        const rows = e.rows.map((r, j) => {
          const label = this.fitText(r.label, `${p}.rows[${j}].label`, { ...base, font: e.labelFont ?? e.font }, mm(e.labelWidth));
          const value = this.fitText(r.value, `${p}.rows[${j}].value`, { ...base, font: e.font, maxLines: r.maxLines ?? 1 }, valueW);
          return { label, value };
        });
        const lh = e.size * (e.lineHeight ?? 1.2);
        const rowH = (r: (typeof rows)[number]) => Math.max(r.value?.lines.length ?? 1, 1) * lh + mm(e.rowGap ?? 0);
        let y = this.top(e, rows.reduce((h, r) => h + rowH(r), 0), mm(e.w));
        for (const r of rows) {
          if (r.label) this.emitLines({ ...r.label, lineHeight: lh / r.label.size }, { font: e.labelFont ?? e.font, size: e.size }, mm(e.x), y, mm(e.labelWidth));
          this.ops.push({ kind: 'text', x: mm(e.x + e.labelWidth), y, text: e.separator ?? ':', font: e.labelFont ?? e.font ?? 'regular', size: e.size, wordSpacing: 0, underline: 0 });
          if (r.value) this.emitLines({ ...r.value, lineHeight: lh / r.value.size }, { font: e.font, size: e.size }, valueX, y, valueW);
          y += rowH(r);
        }
        return;
      }
      case 'photo': {
        const y = this.top(e, mm(e.h), mm(e.w));
        if (this.assets.photo) this.ops.push({ kind: 'photo', x: mm(e.x), y, w: mm(e.w), h: mm(e.h), border: e.border ?? 0.5 });
        return;
      }
      case 'barcode': {
        const bc = this.assets.barcode;
        if (!bc) return;
        const module = mm(e.module ?? 0.423);
        const quiet = e.quietZone ?? 4;
        const side = (bc.size + 2 * quiet) * module;
        const y = this.top(e, side, side);
        this.ops.push({ kind: 'qr', x: mm(e.x) + quiet * module, y: y + quiet * module, module, size: bc.size });
        const caption = (bc.sealed ? e.caption : e.unsealedCaption) ?? [];
        const capW = mm(e.captionWidth ?? 60);
        const capStyle = { size: e.captionSize ?? 7, maxLines: 3 };
        let cy = y + quiet * module;
        caption.forEach((c, j) => {
          const f = this.fitText(c, `${p}.${bc.sealed ? 'caption' : 'unsealedCaption'}[${j}]`, capStyle, capW);
          if (f) cy += this.emitLines(f, capStyle, mm(e.x) + side, cy, capW);
        });
        if (mm(e.x) + side + (caption.length ? capW : 0) > mm(this.paper.width) + 0.01 || y < 0 || y + side > mm(this.paper.height))
          this.issues.push({ path: `template.${p}`, code: 'template_layout', message: `the barcode does not fit on ${this.paper.name}` });
        return;
      }
      case 'image': {
        const data = (e.source === 'office.logo' ? this.assets.logo : undefined) ?? (e.file ? this.template.images.get(e.file) : undefined);
        if (!data) return;
        const { width, height } = pngSize(data);
        const scale = Math.min(mm(e.w) / width, mm(e.h) / height);
        const w = width * scale;
        const h = height * scale;
        // Centred in its box, so a square or a wide logo both look placed.
        this.ops.push({ kind: 'image', x: mm(e.x) + (mm(e.w) - w) / 2, y: this.top(e, mm(e.h)) + (mm(e.h) - h) / 2, w, h, data });
        return;
      }
      case 'line': {
        const t = e.thickness ?? 1;
        this.ops.push({ kind: 'line', x: mm(e.x), y: this.top(e, t), w: mm(e.w), thickness: t });
        return;
      }
    }
  }
}

/** Lays out one page; throws RENDER_FAILED listing every text that cannot be printed. */
export function layoutPage(template: LoadedTemplate, paper: Paper, data: DataContext, assets: LayoutAssets): PageLayout {
  const l = new Layouter(template, paper, data, assets);
  template.definition.elements.forEach((e, i) => l.place(e, i));
  if (l.issues.length) throw new SuketError('RENDER_FAILED', l.issues);
  return { width: mm(paper.width), height: mm(paper.height), ops: l.ops };
}
