/**
 * The element types a template may use, one module each. Adding a type:
 * write its module (schema, texts, files, extent, layout) and list it
 * here; if it draws something new, add the drawing operation to page.ts
 * and draw.ts.
 */
import { z } from 'zod';
import type { ElementKind } from './common.js';
import { barcode, barcodeSchema } from './barcode.js';
import { image, imageSchema } from './image.js';
import { line, lineSchema } from './line.js';
import { photo, photoSchema } from './photo.js';
import { stack, stackSchema } from './stack.js';
import { table, tableSchema } from './table.js';
import { text, textSchema } from './text.js';

export const elementSchema = z.discriminatedUnion('type', [textSchema, stackSchema, tableSchema, photoSchema, barcodeSchema, imageSchema, lineSchema]);

export type TemplateElement = z.infer<typeof elementSchema>;

const KINDS = Object.freeze({ text, stack, table, photo, barcode, image, line });

/** The names of the element types, for messages. */
export const ELEMENT_TYPES = Object.freeze(Object.keys(KINDS)) as readonly TemplateElement['type'][];

/** The module of an element's type. */
export const kindOf = (e: TemplateElement): ElementKind<TemplateElement> => KINDS[e.type] as unknown as ElementKind<TemplateElement>;
