/**
 * Loading a template: by built-in name, folder path or object. Everything is
 * checked here, once, so that a bad template fails when it loads and never
 * as a blank on paper: JSON, schema, placeholders, files (inside the
 * template folder only), fonts, glyphs of fixed text, and page bounds.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { pathInside, readLimitedFile } from '../io/files.js';
import { SuketError, type Issue } from '../errors.js';
import { jsonErrorPlace } from '../json-place.js';
import { fromZod } from '../validate/fields.js';
import { builtinFontsDir, builtinTemplatesDir } from '../io/paths.js';
import type { Font } from '../render/plan/fonts.js';
import { compileText, type CompiledText } from './placeholders.js';
import { PAPERS, templateSchema, type TemplateDefinition, type TemplateElement } from './schema.js';
import { ELEMENT_TYPES, kindOf } from '../elements/index.js';
import { FONT_ROLES, type FontRole, type TextRef } from '../elements/common.js';
import { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE } from './builtins.js';

export interface Paper {
  name: string;
  width: number;
  height: number;
  /** Offsets in mm from the top and bottom edges where the template's coordinates start (see PAPERS). */
  safeArea?: { readonly top: number; readonly bottom: number };
}

/** The height in mm a template lays out in on this paper. */
export const frameHeight = (p: Paper): number => p.height - (p.safeArea?.top ?? 0) - (p.safeArea?.bottom ?? 0);

export interface LoadedTemplate {
  readonly definition: TemplateDefinition;
  readonly dir: string | undefined;
  readonly papers: readonly Paper[];
  /** @internal the renderer's: the fonts read. */
  readonly fonts: { regular: Font; bold: Font; italic: Font };
  /** @internal the renderer's: every text of the template, compiled, by its source string. */
  readonly texts: ReadonlyMap<string, CompiledText>;
  /** @internal the renderer's: images named by `file`, normalised to PNG. */
  readonly images: ReadonlyMap<string, Uint8Array>;
}

export { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE };

const TEMPLATE_MAX_BYTES = 512 * 1024;

const templateError = (issues: Issue[]) => new SuketError('INVALID_TEMPLATE', issues);
const issue = (path: string, code: Issue['code'], message: string): Issue => ({ path, code, message });

const cache = new Map<string, { mtimeMs: number; template: LoadedTemplate }>();
const builtins = new Map<string, LoadedTemplate>();

/**
 * Loads and checks a template: a built-in name, a folder holding
 * template.json, or a template object (its files resolve in `baseDir`).
 * JSON, schema, placeholders, files (inside the folder only), fonts, glyphs
 * of fixed text and page bounds are checked here; folders are cached until
 * template.json changes. To render it with extreme values too, use `checkTemplate`.
 * @throws SuketError INVALID_TEMPLATE listing every problem with its JSON path.
 * @example const t = await loadTemplate('./templat-kabupaten'); console.log(t.papers.map((p) => p.name));
 */
export async function loadTemplate(source: string | object = DEFAULT_TEMPLATE, baseDir?: string): Promise<LoadedTemplate> {
  if (typeof source !== 'string') return build(source, baseDir);
  const builtin = (BUILTIN_TEMPLATES as readonly string[]).includes(source);
  const dir = builtin ? join(builtinTemplatesDir(), source) : resolve(source);
  const file = join(dir, 'template.json');
  // A built-in template is part of the installed package: loaded once, never
  // looked at on disk again (the stat was an asynchronous round trip before
  // every certificate's photo could start).
  const loaded = builtin ? builtins.get(file) : undefined;
  if (loaded) return loaded;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    throw templateError([issue('template', 'template_file', 'is neither a built-in template name nor a folder with template.json')]);
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs) return hit.template;
  if (info.size > TEMPLATE_MAX_BYTES) throw templateError([issue('template.json', 'template_file', 'is larger than 512 KB')]);
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw templateError([issue('template.json', 'template_json', `is not valid JSON${jsonErrorPlace(text, e)}`)]);
  }
  const template = await build(json, dir);
  if (builtin) builtins.set(file, template);
  else cache.set(file, { mtimeMs: info.mtimeMs, template });
  return template;
}

/** Schema problems, with an unknown element type answered by the list of known ones. */
function schemaIssues(json: unknown, issues: Issue[]): Issue[] {
  const elements = (json as { elements?: unknown })?.elements;
  return issues.map((i) => {
    const m = /^elements\[(\d+)\](\.type)?$/.exec(i.path);
    const el = m && Array.isArray(elements) ? (elements[Number(m[1])] as { type?: unknown } | undefined) : undefined;
    if (el && typeof el === 'object' && !ELEMENT_TYPES.includes(el.type as never))
      return { path: `elements[${m![1]}].type`, code: 'template_schema', message: `must be one of: ${ELEMENT_TYPES.join(', ')}` };
    return { ...i, code: 'template_schema' };
  });
}

async function build(json: unknown, dir: string | undefined): Promise<LoadedTemplate> {
  const parsed = templateSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw templateError(schemaIssues(json, fromZod(parsed.error.issues)));
  const def = parsed.data;
  const issues: Issue[] = [];
  const texts = compileTexts(def, issues);
  const papers = def.paper.map((p) => (typeof p === 'string' ? { name: p, ...PAPERS[p] } : p));
  checkPlacement(def, papers, issues);
  const fonts = await loadFonts(def, dir, issues);
  const images = await loadImages(def, dir, issues);
  if (fonts.regular) await checkFixedGlyphs(def, texts, { ...fonts, regular: fonts.regular }, issues);
  if (issues.length) throw templateError(issues);
  const regular = fonts.regular!;
  return { definition: def, dir, papers, fonts: { regular, bold: fonts.bold ?? regular, italic: fonts.italic ?? regular }, texts, images };
}

/** Every text compiled once, by its source; placeholder problems recorded. */
function compileTexts(def: TemplateDefinition, issues: Issue[]): Map<string, CompiledText> {
  const texts = new Map<string, CompiledText>();
  for (const [path, text] of textsOf(def)) {
    if (texts.has(text)) continue;
    const { compiled, problems } = compileText(text);
    for (const p of problems) issues.push(issue(path, 'template_placeholder', p));
    if (compiled) texts.set(text, compiled);
  }
  return texts;
}

/** `below` names an earlier element; what an element surely takes stays on each paper. */
function checkPlacement(def: TemplateDefinition, papers: Paper[], issues: Issue[]): void {
  for (const [i, el] of def.elements.entries()) {
    if (el.below !== undefined && (el.below >= i || el.anchor === 'bottom'))
      issues.push(issue(`elements[${i}].below`, 'template_layout', 'must name an earlier element, and not with anchor bottom'));
    for (const paper of papers) for (const p of outOfPage(el, paper)) issues.push(issue(`elements[${i}]`, 'template_layout', `${p} on ${paper.name}`));
  }
}

async function loadFonts(def: TemplateDefinition, dir: string | undefined, issues: Issue[]): Promise<Partial<Record<FontRole, Font>>> {
  // fontkit is loaded when a template is, not when the library is imported.
  const { FONT_MAX_BYTES, parseFont } = await import('../render/plan/fonts.js');
  const fonts: Partial<Record<FontRole, Font>> = {};
  for (const role of FONT_ROLES) {
    const name = def.fonts[role];
    const bytes = name ? await readAsset(name, dir, FONT_MAX_BYTES, `fonts.${role}`, issues) : undefined;
    if (!bytes) continue;
    const parsed = parseFont(bytes);
    if ('problem' in parsed) issues.push(issue(`fonts.${role}`, 'template_file', parsed.problem));
    else fonts[role] = parsed.font;
  }
  return fonts;
}

/** Images the elements name by file, normalised to PNG once each. */
async function loadImages(def: TemplateDefinition, dir: string | undefined, issues: Issue[]): Promise<Map<string, Uint8Array>> {
  const { IMAGE_LIMITS, normaliseImage } = await import('../render/plan/image.js');
  const images = new Map<string, Uint8Array>();
  for (const [i, el] of def.elements.entries()) {
    if (el.type === 'image' && !el.file && el.source !== 'office.logo')
      issues.push(issue(`elements[${i}].file`, 'required', 'is required unless source is office.logo'));
    for (const file of kindOf(el).files(el)) {
      if (images.has(file)) continue;
      const bytes = await readAsset(file, dir, IMAGE_LIMITS.maxBytes, `elements[${i}].file`, issues);
      const png = bytes && (await normaliseImage(bytes));
      if (png) images.set(file, png);
      else if (bytes) issues.push(issue(`elements[${i}].file`, 'template_file', 'is not a PNG or JPEG image within 25 megapixels'));
    }
  }
  return images;
}

/** The template's own words must be printable in their fonts (residents' values are checked when printed). */
async function checkFixedGlyphs(
  def: TemplateDefinition,
  texts: Map<string, CompiledText>,
  fonts: Partial<Record<FontRole, Font>> & { regular: Font },
  issues: Issue[],
): Promise<void> {
  const { missingGlyph } = await import('../render/plan/fonts.js');
  for (const [path, text, role] of textsOf(def)) {
    const fixed = (texts.get(text)?.segments ?? []).filter((s): s is string => typeof s === 'string').join('');
    const font = (role && fonts[role]) || fonts.regular;
    if (missingGlyph(font, fixed) !== undefined) issues.push(issue(path, 'missing_glyph', 'has a character its font cannot draw'));
  }
}

/** Reads a file named by the template: builtin:NAME from fonts/, else inside the template folder only. */
async function readAsset(name: string, dir: string | undefined, maxBytes: number, path: string, issues: Issue[]): Promise<Uint8Array | undefined> {
  let file: string | undefined;
  if (name.startsWith('builtin:')) {
    const base = name.slice('builtin:'.length);
    if (/^[A-Za-z0-9-]+$/.test(base)) file = await pathInside(builtinFontsDir(), `${base}.ttf`);
    if (!file) return void issues.push(issue(path, 'template_file', 'names no built-in font'));
  } else {
    if (!dir) return void issues.push(issue(path, 'template_file', 'names a file, but the template has no folder'));
    if (isAbsolute(name) || name.split(/[\\/]/).includes('..'))
      return void issues.push(issue(path, 'template_file', 'must be a relative path inside the template folder'));
    // A symbolic link may not lead out of the folder either.
    file = await pathInside(dir, name);
    if (!file) return void issues.push(issue(path, 'template_file', 'is not a file inside the template folder'));
  }
  try {
    return await readLimitedFile(file, { maxBytes, path });
  } catch (e) {
    issues.push(issue(path, 'template_file', e instanceof SuketError ? e.issues[0]!.message : 'cannot be read'));
    return undefined;
  }
}

/** Every text in the template with its JSON path and the font it is set in. */
function textsOf(def: TemplateDefinition): TextRef[] {
  return def.elements.flatMap((el, i) => kindOf(el).texts(el, `elements[${i}]`));
}

/** Where an element reaches past the paper, from the size it takes for sure (text boxes are checked again when laid out). */
function outOfPage(e: TemplateElement, paper: Paper): string[] {
  const { w, h } = kindOf(e).extent(e);
  const out: string[] = [];
  if (e.x + w > paper.width + 0.01) out.push(`reaches past the right edge (x + w = ${+(e.x + w).toFixed(2)} mm)`);
  if (e.y + h > frameHeight(paper) + 0.01) out.push(`reaches past the ${e.anchor === 'bottom' ? 'top' : 'bottom'} edge`);
  return out;
}
