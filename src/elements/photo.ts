/** `photo`: the resident's photo, cropped to w:h; drawn last, when sharp has prepared it. */
import { z } from 'zod';
import { box, mm, toPt, type ElementKind } from './common.js';

export const photoSchema = z
  .object({ type: z.literal('photo'), ...box, w: mm, h: mm, border: z.number().min(0).max(5).optional() })
  .strict()
  .describe("The resident's photo, cropped to w:h");

export type PhotoElement = z.infer<typeof photoSchema>;

export const photo: ElementKind<PhotoElement> = {
  solid: true,
  texts: () => [],
  files: () => [],
  extent: (e) => ({ w: e.w, h: e.h }),
  layout(e, ctx) {
    const b = { x: toPt(e.x), w: toPt(e.w), h: toPt(e.h) };
    const y = ctx.top(e, b.h);
    ctx.tag([{ role: 'Figure', key: 'photo', alt: 'Pas foto' }]);
    if (ctx.assets.photo) ctx.push({ kind: 'photo', x: b.x, y, w: b.w, h: b.h, border: e.border ?? 0.5, pixels: ctx.assets.photo });
    return { ...b, y };
  },
};
