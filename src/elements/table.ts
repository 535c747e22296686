/** `table`: label, separator and value rows (the biodata). */
import { z } from 'zod';
import { box, fontRole, mm, pt, str, toPt, type ElementKind, type Fitted } from './common.js';

const row = z.object({ label: str, value: str, maxLines: z.number().int().min(1).max(10).optional() }).strict();
export const tableSchema = z
  .object({
    type: z.literal('table'),
    ...box,
    w: mm,
    labelWidth: mm,
    separator: z.string().max(3).optional().describe('default ":"'),
    separatorWidth: mm.optional(),
    font: fontRole.optional(),
    labelFont: fontRole.optional(),
    size: pt,
    minSize: pt.optional(),
    lineHeight: z.number().min(0.8).max(3).optional(),
    rowGap: mm.optional(),
    fit: z.enum(['wrap', 'shrink']).optional().describe('shrink (default): a value shrinks to minSize before taking another line; wrap: the other way round'),
    rows: z.array(row).min(1).max(60),
  })
  .strict()
  .describe('Label : value rows (the biodata)');

export type TableElement = z.infer<typeof tableSchema>;

export const table: ElementKind<TableElement> = {
  solid: true,
  texts: (e, p) =>
    e.rows.flatMap((r, j) => [
      [`${p}.rows[${j}].label`, r.label, e.labelFont ?? e.font],
      [`${p}.rows[${j}].value`, r.value, e.font],
    ]),
  files: () => [],
  extent: (e) => ({ w: e.w, h: 0 }),
  layout(e, ctx, p) {
    const labelFont = e.labelFont ?? e.font;
    const valueX = toPt(e.x + e.labelWidth) + toPt(e.separatorWidth ?? 3);
    const valueW = toPt(e.x + e.w) - valueX;
    const base = { size: e.size, minSize: e.minSize, lineHeight: e.lineHeight };
    const rows = e.rows.map((r, j) => ({
      label: ctx.fitText(r.label, `${p}.rows[${j}].label`, { ...base, font: labelFont }, toPt(e.labelWidth)),
      // Rows keep to one line while the size can shrink (by default), so long values do not push the page off its paper.
      value: ctx.fitText(r.value, `${p}.rows[${j}].value`, { ...base, font: e.font, maxLines: r.maxLines ?? 1, fit: e.fit ?? 'shrink' }, valueW),
    }));
    // Rows keep the table's line pitch whatever size a value shrank to, so labels and values stay aligned.
    const lh = e.size * (e.lineHeight ?? 1.2);
    const rowH = (r: (typeof rows)[number]) => Math.max(r.value?.lines.length ?? 1, 1) * lh + toPt(e.rowGap ?? 0);
    const pitch = (f: Fitted): Fitted => ({ ...f, lineHeight: lh / f.size });
    const h = rows.reduce((sum, r) => sum + rowH(r), 0);
    const top = ctx.top(e, h);
    let y = top;
    for (const [j, r] of rows.entries()) {
      const row = [
        { role: 'Table', key: p },
        { role: 'TR', key: `${p}.rows[${j}]` },
      ] as const;
      ctx.tag([...row, { role: 'TH', key: `${p}.rows[${j}].label` }]);
      if (r.label) ctx.emitLines(pitch(r.label), { font: labelFont, size: e.size }, toPt(e.x), y, toPt(e.labelWidth));
      ctx.tag([]); // the separator is decoration: the reader says the label, then the value
      ctx.push({
        kind: 'text',
        x: toPt(e.x + e.labelWidth),
        y,
        text: e.separator ?? ':',
        font: labelFont ?? 'regular',
        size: e.size,
        wordSpacing: 0,
        underline: 0,
      });
      ctx.tag([...row, { role: 'TD', key: `${p}.rows[${j}].value` }]);
      if (r.value) ctx.emitLines(pitch(r.value), { font: e.font, size: e.size }, valueX, y, valueW);
      y += rowH(r);
    }
    return { x: toPt(e.x), y: top, w: toPt(e.w), h };
  },
};
