/** `line`: a horizontal rule. */
import { z } from 'zod';
import { box, mm, toPt, type ElementKind } from './common.js';

export const lineSchema = z
  .object({ type: z.literal('line'), ...box, w: mm, thickness: z.number().min(0.1).max(10).optional() })
  .strict()
  .describe('A horizontal rule');

export type LineElement = z.infer<typeof lineSchema>;

export const line: ElementKind<LineElement> = {
  solid: false,
  texts: () => [],
  files: () => [],
  extent: (e) => ({ w: e.w, h: 0 }),
  layout(e, ctx) {
    const t = e.thickness ?? 1;
    const y = ctx.top(e, t);
    ctx.push({ kind: 'line', x: toPt(e.x), y, w: toPt(e.w), thickness: t });
    return { x: toPt(e.x), y, w: toPt(e.w), h: t };
  },
};
