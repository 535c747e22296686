/**
 * The template format: JSON data, never code. Positions and sizes in mm
 * from the page's top-left corner, or from its bottom edge with
 * `"anchor": "bottom"` (then `y` is the gap below the element), so one
 * template serves F4 and A4. Font sizes in pt. Each element type's own
 * schema is in src/elements/.
 */
import { z } from 'zod';
import { elementSchema } from '../elements/index.js';
import type { TemplateDefinition, TemplateElement } from './definition.js';

export type { TemplateDefinition, TemplateElement };

import { PAPERS } from './papers.js';

export { PAPERS };
export type { PaperName } from './papers.js';

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

/** true when A and B are assignable both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The plain types hosts see (definition.ts) are the schema's, or this fails to compile.
const sameDefinition: Same<TemplateDefinition, z.infer<typeof templateSchema>> = true;
const sameElement: Same<TemplateElement, z.infer<typeof elementSchema>> = true;
// And the same fields, element by element (an extra optional field would pass the check above).
type Parsed = z.infer<typeof elementSchema>;
type SameFields = { [T in TemplateElement['type']]: Same<keyof Extract<TemplateElement, { type: T }>, keyof Extract<Parsed, { type: T }>> };
const sameFields: false extends SameFields[TemplateElement['type']] ? false : true = true;
const sameTopFields: Same<keyof TemplateDefinition, keyof z.infer<typeof templateSchema>> = true;
void [sameDefinition, sameElement, sameFields, sameTopFields];

/**
 * The JSON Schema of template.json, for editors that help template authors
 * (also `suket templates schema`).
 * @example writeFileSync('template.schema.json', JSON.stringify(templateJsonSchema(), null, 2));
 */
export function templateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(templateSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
