/**
 * What every element type shares: the schema pieces (mm positions, pt
 * sizes, text style), the contract an element module fulfils, and the
 * layout context it is laid out with. One module per element type
 * (text.ts, stack.ts, ...) holds its schema, its texts, its reach on the
 * paper and its layout.
 */
import { z } from 'zod';
import type { Issue } from '../errors.js';
import type { LayoutAssets } from '../render/plan/types.js';
import { FONT_ROLES, type FontRole } from '../render/layout/font-roles.js';
import type { DrawShape, StructPath } from '../render/layout/page.js';

export const mm = z.number().min(0).max(1000);
export const pt = z.number().min(1).max(200);
export const str = z.string().max(2000);

/** The three fonts a template names. */
export { FONT_ROLES, type FontRole };
export const fontRole = z.enum(FONT_ROLES);

export const box = {
  x: mm,
  y: mm,
  anchor: z.enum(['top', 'bottom']).optional().describe('top (default): y from the top edge; bottom: y is the gap from the bottom edge to the element'),
  below: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('index of an earlier element: y is then the gap below its bottom, so text flows after a table of any height'),
};

export const textStyle = {
  font: fontRole.optional(),
  size: pt,
  minSize: pt.optional().describe('shrink down to this size before giving up; default: size'),
  align: z.enum(['left', 'center', 'right', 'justify']).optional(),
  lineHeight: z.number().min(0.8).max(3).optional().describe('line height as a multiple of the size; default 1.2'),
  maxLines: z.number().int().min(1).max(50).optional().describe('default 1'),
  underline: z.boolean().optional(),
  fit: z
    .enum(['wrap', 'shrink'])
    .optional()
    .describe('wrap (default; a table: shrink): take another line before shrinking; shrink: shrink to minSize before taking another line'),
};

export const PT_PER_MM = 72 / 25.4;
export const toPt = (mmValue: number): number => mmValue * PT_PER_MM;

export interface Style {
  font?: FontRole | undefined;
  size: number;
  minSize?: number | undefined;
  align?: 'left' | 'center' | 'right' | 'justify' | undefined;
  lineHeight?: number | undefined;
  maxLines?: number | undefined;
  underline?: boolean | undefined;
  /** wrap: another line before a smaller size; shrink: a smaller size before another line. */
  fit?: 'wrap' | 'shrink' | undefined;
}

/** A text fitted into its width: its lines at the size chosen. */
export interface Fitted {
  lines: string[];
  size: number;
  lineHeight: number;
}

/** Where an element landed, in points. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** How an element is placed: at x/y, from the bottom edge, or below an earlier element. */
export interface Placement {
  x: number;
  y: number;
  anchor?: 'top' | 'bottom' | undefined;
  below?: number | undefined;
}

/** A text of a template with its JSON path and the font it is set in. */
export type TextRef = [path: string, text: string, font: FontRole | undefined];

/** What an element's layout may use: measuring, emitting drawing operations, reporting. */
export interface LayoutContext {
  readonly paperName: string;
  /** Paper size in points. */
  readonly paperWidth: number;
  readonly paperHeight: number;
  readonly assets: LayoutAssets;
  /** Images the template names by file, normalised to PNG. */
  readonly images: ReadonlyMap<string, Uint8Array>;
  /** Fills in and fits a template text (by `style.fit`); reports why not and returns null when it cannot. */
  fitText(source: string, jsonPath: string, style: Style, width: number): (Fitted & { text: string }) | null;
  /** Emits a fitted text's lines with their top at `top`; returns the height used. */
  emitLines(f: Fitted, style: Style, x: number, top: number, width: number): number;
  /** The top (pt) of an element of height `h` pt. */
  top(p: Placement, h: number): number;
  /** Sets where the operations that follow sit in the document's structure (each element starts as decoration). */
  tag(path: StructPath): void;
  /** Adds a drawing operation, tagged as the last `tag` said. */
  push(op: DrawShape): void;
  issue(path: string, code: Issue['code'], message: string): void;
}

/** One element type. */
export interface ElementKind<E extends { type: string }> {
  /** Whether text running into it is a layout error (a rule or a logo may sit under text). */
  readonly solid: boolean;
  /** Its texts, to compile and check when the template loads. */
  texts(e: E, path: string): TextRef[];
  /** Files it needs from the template folder. */
  files(e: E): string[];
  /** Width and height it takes for sure, in mm, for the load-time check that it fits the paper. */
  extent(e: E): { w: number; h: number };
  /** Lays it out; returns where it landed, or undefined when it drew nothing. */
  layout(e: E, ctx: LayoutContext, path: string): Box | undefined;
}
