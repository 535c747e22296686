/**
 * A laid-out page: what the layout stage hands the drawing stage. Points,
 * from the top-left corner.
 */
import type { FontRole } from './font-roles.js';

/** A structure tag of tagged PDF: what a screen reader announces. */
export type StructRole = 'H1' | 'H2' | 'P' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure';

/**
 * Where an operation sits in the document's structure, outermost first;
 * operations with the same keys share a structure element. Empty: page
 * decoration (an artifact), which a screen reader skips.
 */
export type StructPath = ReadonlyArray<{
  readonly role: StructRole;
  readonly key: string;
  /** What a figure shows. */
  readonly alt?: string;
}>;

/** What to draw, where. */
export type DrawShape =
  | { kind: 'text'; x: number; y: number; text: string; font: FontRole; size: number; wordSpacing: number; underline: number }
  | { kind: 'image'; x: number; y: number; w: number; h: number; data: Uint8Array }
  | { kind: 'line'; x: number; y: number; w: number; thickness: number }
  // Filled in by the drawing stage when the photo and the seal are ready,
  // so that laying out and drawing the rest overlaps with preparing them.
  | { kind: 'photo'; x: number; y: number; w: number; h: number; border: number; pixels: { width: number; height: number } }
  | { kind: 'qr'; x: number; y: number; module: number; size: number }
  // A draft's word across the whole page, drawn over everything else.
  | { kind: 'watermark'; text: string; font: FontRole };

/** What to draw, where, and where it sits in the structure. */
export type DrawOp = DrawShape & { tag: StructPath };

export interface PageLayout {
  width: number;
  height: number;
  ops: DrawOp[];
  /** Where the signature mark landed (points from the top-left), for the signature field. */
  signatureMark?: { x: number; y: number; w: number; h: number };
}
