/** `barcode`: the QR code (the signed seal when a key is given) with its caption beside it. */
import { z } from 'zod';
import { box, pt, str, toPt, type ElementKind } from './common.js';

export const barcodeSchema = z
  .object({
    type: z.literal('barcode'),
    ...box,
    module: z.number().min(0.2).max(2).optional().describe('module size in mm; default 0.423 (1.2 pt)'),
    ecLevel: z.enum(['L', 'M', 'Q', 'H']).optional(),
    quietZone: z.number().int().min(4).max(10).optional(),
    text: str.optional().describe('barcode text when no seal key is given; default {{issuance.number}}'),
    caption: z.array(str).max(6).optional().describe('lines beside the code when it carries a signed seal'),
    unsealedCaption: z.array(str).max(6).optional().describe('lines beside the code when it does not'),
    linkCaption: z.array(str).max(6).optional().describe('lines beside a sealed code that opens the verifier page (issuance.verifyUrl); default: caption'),
    draftCaption: z.array(str).max(6).optional().describe('lines beside the code of a draft (KONSEP), which is neither numbered nor sealed'),
    captionSize: pt.optional(),
    captionWidth: z.number().min(0).max(1000).optional(),
  })
  .strict()
  .describe('QR code: the signed seal when a key is given');

export type BarcodeElement = z.infer<typeof barcodeSchema>;

/** Beside a draft's code when the template names no draftCaption. */
export const DRAFT_CAPTION = Object.freeze(['KONSEP - BELUM DISETUJUI', 'Belum bernomor dan tidak bersegel. Tidak berlaku sebagai pengganti KTP-el.']);

/** Width in mm the load-time check assumes for the code itself (a version 13 seal with its quiet zone is 32.6 mm). */
const ASSUMED_CODE_MM = 40;

export const barcode: ElementKind<BarcodeElement> = {
  solid: true,
  texts: (e, p) => [
    [`${p}.text`, e.text ?? '{{issuance.number}}', undefined],
    ...(e.caption ?? []).map((c, j): [string, string, undefined] => [`${p}.caption[${j}]`, c, undefined]),
    ...(e.unsealedCaption ?? []).map((c, j): [string, string, undefined] => [`${p}.unsealedCaption[${j}]`, c, undefined]),
    ...(e.linkCaption ?? []).map((c, j): [string, string, undefined] => [`${p}.linkCaption[${j}]`, c, undefined]),
    ...(e.draftCaption ?? []).map((c, j): [string, string, undefined] => [`${p}.draftCaption[${j}]`, c, undefined]),
  ],
  files: () => [],
  extent: () => ({ w: ASSUMED_CODE_MM, h: 0 }),
  layout(e, ctx, p) {
    const bc = ctx.assets.barcode;
    if (!bc) return undefined;
    const module = toPt(e.module ?? 0.423);
    const quiet = e.quietZone ?? 4;
    const side = (bc.size + 2 * quiet) * module;
    const y = ctx.top(e, side);
    ctx.tag([{ role: 'Figure', key: p, alt: bc.draft ? 'Kode QR konsep, tanpa segel' : bc.sealed ? 'Segel digital (kode QR)' : 'Kode QR nomor surat' }]);
    ctx.push({ kind: 'qr', x: toPt(e.x) + quiet * module, y: y + quiet * module, module, size: bc.size });
    const key = bc.draft ? 'draftCaption' : !bc.sealed ? 'unsealedCaption' : bc.linked && e.linkCaption ? 'linkCaption' : 'caption';
    const caption = e[key] ?? (bc.draft ? DRAFT_CAPTION : []);
    const capW = toPt(e.captionWidth ?? 60);
    const style = { size: e.captionSize ?? 7, maxLines: 3 };
    let cy = y + quiet * module;
    caption.forEach((c, j) => {
      ctx.tag([{ role: 'P', key: `${p}.${key}[${j}]` }]);
      const f = ctx.fitText(c, `${p}.${key}[${j}]`, style, capW);
      if (f) cy += ctx.emitLines(f, style, toPt(e.x) + side, cy, capW);
    });
    if (toPt(e.x) + side + (caption.length ? capW : 0) > ctx.paperWidth + 0.01 || y < 0 || y + side > ctx.paperHeight)
      ctx.issue(`template.${p}`, 'template_layout', `the barcode does not fit on ${ctx.paperName}`);
    return { x: toPt(e.x), y, w: side, h: side };
  },
};
