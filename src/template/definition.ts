/**
 * A template's definition as plain TypeScript, the shape of template.json:
 * what a host's types see, without zod (the schema that checks it is in
 * schema.ts and src/elements/; `schema.ts` fails to compile when the two
 * differ). Positions and widths in mm, font sizes in pt.
 */

/** One of the template's three fonts. */
export type TemplateFont = 'regular' | 'bold' | 'italic';

/** A paper by name, or the office's own size in mm. */
export type TemplatePaper = 'F4' | 'A4' | { name: string; width: number; height: number };

/** Where an element sits. */
export interface ElementBox {
  x: number;
  y: number;
  /** top (default): y from the top edge; bottom: y is the gap from the bottom edge to the element. */
  anchor?: 'top' | 'bottom';
  /** Index of an earlier element: y is then the gap below its bottom, so text flows after a table of any height. */
  below?: number;
}

/** How a text is set. */
export interface TextStyle {
  font?: TemplateFont;
  size: number;
  /** Shrink down to this size before giving up; default: size. */
  minSize?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Line height as a multiple of the size; default 1.2. */
  lineHeight?: number;
  /** Default 1. */
  maxLines?: number;
  underline?: boolean;
  /** wrap (default; a table: shrink): take another line before shrinking; shrink: shrink to minSize before taking another line. */
  fit?: 'wrap' | 'shrink';
}

export interface TextElement extends ElementBox, TextStyle {
  type: 'text';
  w: number;
  /** The text, with `{{placeholders}}`. */
  text: string;
  /** What a screen reader calls it: P (paragraph, default), H1 or H2 (heading). */
  role?: 'P' | 'H1' | 'H2';
  /** Printed only when the PDF is signed (PAdES), and the signature field sits on it. */
  signatureMark?: boolean;
}

export interface StackElement extends ElementBox {
  type: 'stack';
  w: number;
  /** Texts one below the other. */
  items: Array<TextStyle & { text: string; gapBefore?: number }>;
}

export interface TableElement extends ElementBox {
  type: 'table';
  w: number;
  labelWidth: number;
  /** Default ":". */
  separator?: string;
  separatorWidth?: number;
  font?: TemplateFont;
  labelFont?: TemplateFont;
  size: number;
  minSize?: number;
  lineHeight?: number;
  rowGap?: number;
  /** shrink (default): a value shrinks to minSize before taking another line; wrap: the other way round. */
  fit?: 'wrap' | 'shrink';
  rows: Array<{ label: string; value: string; maxLines?: number }>;
}

export interface PhotoElement extends ElementBox {
  type: 'photo';
  w: number;
  h: number;
  border?: number;
}

export interface BarcodeElement extends ElementBox {
  type: 'barcode';
  /** Module size in mm; default 0.423 (1.2 pt). */
  module?: number;
  ecLevel?: 'L' | 'M' | 'Q' | 'H';
  quietZone?: number;
  /** Barcode text when no seal key is given; default {{issuance.number}}. */
  text?: string;
  /** Lines beside the code when it carries a signed seal. */
  caption?: string[];
  /** Lines beside the code when it does not. */
  unsealedCaption?: string[];
  /** Lines beside a sealed code that opens the verifier page (issuance.verifyUrl); default: caption. */
  linkCaption?: string[];
  /** Lines beside the code of a draft (KONSEP), which is neither numbered nor sealed. */
  draftCaption?: string[];
  captionSize?: number;
  captionWidth?: number;
}

export interface ImageElement extends ElementBox {
  type: 'image';
  w: number;
  h: number;
  /** office.logo (falls back to file) or file; default file. */
  source?: 'office.logo' | 'file';
  /** PNG or JPEG inside the template folder. */
  file?: string;
  /** What a screen reader says of it; default "Logo" for office.logo; without it a file is decoration. */
  alt?: string;
}

export interface LineElement extends ElementBox {
  type: 'line';
  w: number;
  thickness?: number;
}

/** One element of a template, by its `type`. */
export type TemplateElement = TextElement | StackElement | TableElement | PhotoElement | BarcodeElement | ImageElement | LineElement;

/** template.json. */
export interface TemplateDefinition {
  $schema?: string;
  name: string;
  description?: string;
  /** The sizes it lays out well; the first is the default. */
  paper: TemplatePaper[];
  /** TrueType/OpenType files in the template folder, or builtin:Arimo-Regular, builtin:Arimo-Bold, builtin:Arimo-Italic. */
  fonts: { regular: string; bold?: string; italic?: string };
  metadata?: { title: string; subject?: string; author?: string };
  elements: TemplateElement[];
}
