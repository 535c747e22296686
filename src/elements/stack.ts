/** `stack`: text lines top to bottom; an item that renders empty is left out (the signatory block). */
import { z } from 'zod';
import { box, mm, str, textStyle, toPt, type ElementKind } from './common.js';

const item = z.object({ text: str, ...textStyle, gapBefore: mm.optional() }).strict();
export const stackSchema = z
  .object({ type: z.literal('stack'), ...box, w: mm, items: z.array(item).min(1).max(50) })
  .strict()
  .describe('Text lines stacked top to bottom; items whose text comes out empty are left out (signatory block)');

export type StackElement = z.infer<typeof stackSchema>;

export const stack: ElementKind<StackElement> = {
  solid: true,
  texts: (e, p) => e.items.map((it, j) => [`${p}.items[${j}].text`, it.text, it.font]),
  files: () => [],
  extent: (e) => ({ w: e.w, h: 0 }),
  layout(e, ctx, p) {
    const w = toPt(e.w);
    const shown = e.items.flatMap((it, j) => {
      const f = ctx.fitText(it.text, `${p}.items[${j}].text`, it, w);
      return f && f.text.trim() !== '' ? [{ it, f }] : [];
    });
    const gap = (j: number, g: number | undefined) => (j ? toPt(g ?? 0) : 0);
    const h = shown.reduce((sum, { it, f }, j) => sum + gap(j, it.gapBefore) + f.lines.length * f.size * f.lineHeight, 0);
    const top = ctx.top(e, h);
    let y = top;
    shown.forEach(({ it, f }, j) => {
      y += gap(j, it.gapBefore);
      ctx.tag([{ role: 'P', key: `${p}.items[${j}]` }]);
      y += ctx.emitLines(f, it, toPt(e.x), y, w);
    });
    return { x: toPt(e.x), y: top, w, h };
  },
};
