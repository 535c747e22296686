/**
 * A laid-out page: what the layout stage hands the drawing stage. Points,
 * from the top-left corner.
 */
import type { FontRole } from './elements/common.js';

export type DrawOp =
  | { kind: 'text'; x: number; y: number; text: string; font: FontRole; size: number; wordSpacing: number; underline: number }
  | { kind: 'image'; x: number; y: number; w: number; h: number; data: Uint8Array }
  | { kind: 'line'; x: number; y: number; w: number; thickness: number }
  // Filled in by the drawing stage when the photo and the seal are ready,
  // so that laying out and drawing the rest overlaps with preparing them.
  | { kind: 'photo'; x: number; y: number; w: number; h: number; border: number }
  | { kind: 'qr'; x: number; y: number; module: number; size: number };

export interface PageLayout {
  width: number;
  height: number;
  ops: DrawOp[];
}
