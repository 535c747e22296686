/** `text`: a text with placeholders that wraps within w and maxLines and shrinks to minSize. */
import { z } from 'zod';
import { box, mm, str, textStyle, toPt, type ElementKind } from './common.js';

export const textSchema = z
  .object({
    type: z.literal('text'),
    ...box,
    w: mm,
    text: str,
    ...textStyle,
    role: z.enum(['P', 'H1', 'H2']).optional().describe('what a screen reader calls it: P (paragraph, default), H1 or H2 (heading)'),
    signatureMark: z
      .boolean()
      .optional()
      .describe('printed only when the PDF is signed (PAdES), and the signature field sits on it: the visible mark of the electronic signature'),
  })
  .strict()
  .describe('Text with {{placeholders}}; wraps within w and maxLines, shrinks to minSize');

export type TextElement = z.infer<typeof textSchema>;

export const text: ElementKind<TextElement> = {
  solid: true,
  texts: (e, p) => [[`${p}.text`, e.text, e.font]],
  files: () => [],
  extent: (e) => ({ w: e.w, h: 0 }),
  layout(e, ctx, p) {
    const f = ctx.fitText(e.text, `${p}.text`, e, toPt(e.w));
    if (!f) return undefined;
    const h = f.lines.length * f.size * f.lineHeight;
    const y = ctx.top(e, h);
    ctx.tag([{ role: e.role ?? 'P', key: p }]);
    ctx.emitLines(f, e, toPt(e.x), y, toPt(e.w));
    return { x: toPt(e.x), y, w: toPt(e.w), h };
  },
};
