/** `image`: a picture fitted into w x h and centred there: the office logo, or a file of the template. */
import { z } from 'zod';
import { pngSize } from '../codecs/png.js';
import { box, mm, toPt, type ElementKind } from './common.js';

export const imageSchema = z
  .object({
    type: z.literal('image'),
    ...box,
    w: mm,
    h: mm,
    source: z.enum(['office.logo', 'file']).optional().describe('office.logo (falls back to file) or file; default file'),
    file: z.string().max(255).optional().describe('PNG or JPEG inside the template folder'),
    alt: z.string().max(200).optional().describe('what a screen reader says of it; default "Logo" for office.logo; without it a file is decoration'),
  })
  .strict()
  .describe('An image fitted into w x h (the logo)');

export type ImageElement = z.infer<typeof imageSchema>;

export const image: ElementKind<ImageElement> = {
  solid: false,
  texts: () => [],
  files: (e) => (e.file ? [e.file] : []),
  extent: (e) => ({ w: e.w, h: e.h }),
  layout(e, ctx, p) {
    const data = (e.source === 'office.logo' ? ctx.assets.logo : undefined) ?? (e.file ? ctx.images.get(e.file) : undefined);
    if (!data) return undefined;
    const { width, height } = pngSize(data);
    const scale = Math.min(toPt(e.w) / width, toPt(e.h) / height);
    const w = width * scale;
    const h = height * scale;
    const top = ctx.top(e, toPt(e.h));
    const alt = e.alt ?? (e.source === 'office.logo' ? 'Logo' : undefined);
    if (alt) ctx.tag([{ role: 'Figure', key: p, alt }]);
    // Centred in its box, so a square or a wide logo both look placed.
    ctx.push({ kind: 'image', x: toPt(e.x) + (toPt(e.w) - w) / 2, y: top + (toPt(e.h) - h) / 2, w, h, data });
    return { x: toPt(e.x), y: top, w: toPt(e.w), h: toPt(e.h) };
  },
};
