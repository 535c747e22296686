/**
 * The template format: JSON data, never code. Positions and sizes in mm
 * from the page's top-left corner, or from its bottom edge with
 * `"anchor": "bottom"` (then `y` is the gap below the element), so one
 * template serves F4 and A4. Font sizes in pt.
 */
import { z } from 'zod';

const mm = z.number().min(0).max(1000);
const pt = z.number().min(1).max(200);
const str = z.string().max(2000);
const fontName = z.enum(['regular', 'bold', 'italic']);
const align = z.enum(['left', 'center', 'right', 'justify']);
const anchor = z.enum(['top', 'bottom']);

const box = {
  x: mm,
  y: mm,
  anchor: anchor.optional().describe('top (default): y from the top edge; bottom: y is the gap from the bottom edge to the element'),
  below: z.number().int().min(0).optional().describe('index of an earlier element: y is then the gap below its bottom, so text flows after a table of any height'),
};

const textStyle = {
  font: fontName.optional(),
  size: pt,
  minSize: pt.optional().describe('shrink down to this size before giving up; default: size'),
  align: align.optional(),
  lineHeight: z.number().min(0.8).max(3).optional().describe('line height as a multiple of the size; default 1.2'),
  maxLines: z.number().int().min(1).max(50).optional().describe('default 1'),
  underline: z.boolean().optional(),
};

const textElement = z
  .object({ type: z.literal('text'), ...box, w: mm, text: str, ...textStyle })
  .strict()
  .describe('Text with {{placeholders}}; wraps within w and maxLines, shrinks to minSize');

const stackItem = z.object({ text: str, ...textStyle, gapBefore: mm.optional() }).strict();
const stackElement = z
  .object({ type: z.literal('stack'), ...box, w: mm, items: z.array(stackItem).min(1).max(50) })
  .strict()
  .describe('Text lines stacked top to bottom; items whose text comes out empty are left out (signatory block)');

const tableRow = z.object({ label: str, value: str, maxLines: z.number().int().min(1).max(10).optional() }).strict();
const tableElement = z
  .object({
    type: z.literal('table'),
    ...box,
    w: mm,
    labelWidth: mm,
    separator: z.string().max(3).optional().describe('default ":"'),
    separatorWidth: mm.optional(),
    font: fontName.optional(),
    labelFont: fontName.optional(),
    size: pt,
    minSize: pt.optional(),
    lineHeight: z.number().min(0.8).max(3).optional(),
    rowGap: mm.optional(),
    rows: z.array(tableRow).min(1).max(60),
  })
  .strict()
  .describe('Label : value rows (the biodata)');

const photoElement = z
  .object({ type: z.literal('photo'), ...box, w: mm, h: mm, border: z.number().min(0).max(5).optional() })
  .strict()
  .describe("The resident's photo, cropped to w:h");

const barcodeElement = z
  .object({
    type: z.literal('barcode'),
    ...box,
    module: z.number().min(0.2).max(2).optional().describe('module size in mm; default 0.423 (1.2 pt)'),
    ecLevel: z.enum(['L', 'M', 'Q', 'H']).optional(),
    quietZone: z.number().int().min(4).max(10).optional(),
    text: str.optional().describe('barcode text when no seal key is given; default {{issuance.number}}'),
    caption: z.array(str).max(6).optional().describe('lines beside the code when it carries a signed seal'),
    unsealedCaption: z.array(str).max(6).optional().describe('lines beside the code when it does not'),
    captionSize: pt.optional(),
    captionWidth: mm.optional(),
  })
  .strict()
  .describe('QR code: the signed seal when a key is given');

const imageElement = z
  .object({
    type: z.literal('image'),
    ...box,
    w: mm,
    h: mm,
    source: z.enum(['office.logo', 'file']).optional().describe("office.logo (falls back to file) or file; default file"),
    file: z.string().max(255).optional().describe('PNG or JPEG inside the template folder'),
  })
  .strict()
  .describe('An image fitted into w x h (the logo)');

const lineElement = z
  .object({ type: z.literal('line'), ...box, w: mm, thickness: z.number().min(0.1).max(10).optional() })
  .strict()
  .describe('A horizontal rule');

export const elementSchema = z.discriminatedUnion('type', [
  textElement,
  stackElement,
  tableElement,
  photoElement,
  barcodeElement,
  imageElement,
  lineElement,
]);

export const PAPERS = { F4: { width: 215, height: 330 }, A4: { width: 210, height: 297 } } as const;
export type PaperName = keyof typeof PAPERS;

const paperSpec = z.union([
  z.enum(['F4', 'A4']),
  z.object({ name: z.string().min(1).max(20), width: z.number().min(50).max(1000), height: z.number().min(50).max(1000) }).strict(),
]);

export const templateSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).max(60),
    description: z.string().max(500).optional(),
    paper: z.array(paperSpec).min(1).max(5).describe('the sizes it lays out well; the first is the default'),
    fonts: z
      .object({ regular: z.string().max(255), bold: z.string().max(255).optional(), italic: z.string().max(255).optional() })
      .strict()
      .describe('TrueType/OpenType files in the template folder, or builtin:Arimo-Regular, builtin:Arimo-Bold, builtin:Arimo-Italic'),
    metadata: z
      .object({ title: z.string().max(200), subject: z.string().max(200).optional(), author: z.string().max(200).optional() })
      .strict()
      .optional(),
    elements: z.array(elementSchema).min(1).max(300),
  })
  .strict();

export type TemplateDefinition = z.infer<typeof templateSchema>;
export type TemplateElement = z.infer<typeof elementSchema>;
export type TextStyle = z.infer<typeof stackItem>;

/** The JSON Schema that editors use to help template authors. */
export function templateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(templateSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
