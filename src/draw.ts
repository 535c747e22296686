/**
 * Drawing: the only module that speaks pdfkit. It takes a laid-out page and
 * writes PDF bytes; it decides nothing about where things go.
 */
import PDFDocument from 'pdfkit';
import type { Font } from './assets/fonts.js';
import type { LateAssets } from './assets/plan.js';
import { FONT_ROLES, type FontRole } from './elements/common.js';
import type { DrawOp, PageLayout } from './page.js';
import { StructureWriter } from './draw-structure.js';
import { xmpDescriptions } from './xmp.js';
import { canSubset, subsetTrueType, type SfntSource } from './assets/font-subset.js';

export interface DrawMeta {
  title: string;
  subject?: string | undefined;
  author?: string | undefined;
  /** Fixed, so the same input gives the same bytes (pdfkit hashes it into the file ID). */
  date: Date;
  producer: string;
  /** PDF/A-2b: an sRGB output intent and the PDF/A identification in the XMP metadata. */
  pdfA: boolean;
  /** A tagged PDF: the structure tree a screen reader reads. */
  tagged: boolean;
}

/**
 * Starts drawing; the returned document is a readable stream of the PDF.
 * Everything but the photo and the barcode is drawn at once; those follow
 * when `late` resolves (always last, so the bytes never depend on timing).
 * If `late` rejects, the document emits 'error'.
 */
export function drawPage(page: PageLayout, fonts: Record<FontRole, Font>, meta: DrawMeta, late: Promise<LateAssets>): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: 0,
    compress: true,
    lang: 'id-ID',
    displayTitle: true,
    pdfVersion: '1.7',
    tagged: meta.tagged,
    ...(meta.pdfA ? { subset: 'PDF/A-2b' as const } : {}),
    // No default Helvetica: pdfkit would parse its metrics for every document.
    font: null as unknown as string,
    info: {
      Title: meta.title,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      ...(meta.author ? { Author: meta.author } : {}),
      Creator: 'suket',
      Producer: meta.producer,
      CreationDate: meta.date,
      ModDate: meta.date,
    },
  });
  writeXmpFrom(doc, meta);
  for (const role of FONT_ROLES) doc.registerFont(role, fonts[role] as unknown as string);
  printAtActualSize(doc);
  const structure = meta.tagged ? new StructureWriter(doc) : { draw: (_path: unknown, paint: () => void) => paint(), reserve: () => {} };
  const isLate = (op: DrawOp) => op.kind === 'photo' || op.kind === 'qr' || op.kind === 'watermark';
  const slots = page.ops.filter(isLate);
  for (const op of page.ops) {
    if (isLate(op)) structure.reserve(op.tag);
    else structure.draw(op.tag, () => drawOp(doc, op, {}));
  }
  // All text is drawn: embed the font subsets now, while the photo is still
  // being prepared, instead of at end(). pdfkit's finalize() is idempotent.
  // (Not for a draft: its watermark, drawn last, adds glyphs.)
  const families = (doc as unknown as { _fontFamilies: Record<string, { finalize(): void }> })._fontFamilies;
  if (!slots.some((op) => op.kind === 'watermark')) for (const name of Object.keys(families)) families[name]!.finalize();
  late
    .then((assets) => {
      for (const op of slots) structure.draw(op.tag, () => drawOp(doc, op, assets));
      // The trailer's /ID, from the content: pdfkit's own is a hash of the info dictionary, the same for every certificate of a day.
      (doc as unknown as { _id: Buffer })._id = Buffer.from(assets.fileId);
      doc.end();
    })
    .catch((e: unknown) => doc.emit('error', e));
  return doc;
}

/**
 * pdfkit writes the info dictionary into XMP unescaped and without the
 * modification date; ours escapes every value and matches the dictionary
 * entry for entry, as PDF/A requires. (Replaces a pdfkit internal.)
 */
function writeXmpFrom(doc: PDFKit.PDFDocument, meta: DrawMeta): void {
  const internal = doc as unknown as { _addInfo: () => void; appendXML: (xml: string) => void };
  if (typeof internal._addInfo !== 'function') throw new Error('pdfkit no longer writes XMP through _addInfo');
  internal._addInfo = () =>
    internal.appendXML(
      xmpDescriptions({ title: meta.title, author: meta.author, subject: meta.subject, creator: 'suket', producer: meta.producer, date: meta.date }),
    );
}

/**
 * The print dialogue's defaults: 100% (the QR module is 0.423 mm and the
 * photo 3 x 4 cm; "fit to page" shrinks both) and the tray that holds the
 * page's paper where the printer has one.
 */
function printAtActualSize(doc: PDFKit.PDFDocument): void {
  const prefs = (doc as unknown as { _root: { data: { ViewerPreferences?: { data: Record<string, unknown> } } } })._root.data.ViewerPreferences;
  if (!prefs) throw new Error('pdfkit made no ViewerPreferences (displayTitle)');
  Object.assign(prefs.data, { PrintScaling: 'None', PickTrayByPDFSize: true });
}

/** Shaped words kept from one document to the next, per font: pdfkit keeps them only per document. */
const RUN_CACHE_WORDS = 4000;
const runCaches = new WeakMap<object, Record<string, unknown>>();

type FontkitFont = { stream: { buffer: Uint8Array }; directory: { tables: SfntSource['tables'] } };
type EmbeddedFont = {
  font: FontkitFont;
  layoutCache?: Record<string, unknown>;
  sharedRuns?: true;
  subset: { glyphs: number[]; includeGlyph(gid: number): number; encode(): Uint8Array };
  ownSubset?: true;
};
const sources = new WeakMap<object, SfntSource | null>();

/** The font's bytes and tables when suket can subset it itself (TrueType outlines), else null. */
function sfntOf(font: FontkitFont): SfntSource | null {
  let src = sources.get(font);
  if (src === undefined) {
    const candidate = font.stream?.buffer && font.directory?.tables ? { bytes: font.stream.buffer, tables: font.directory.tables } : undefined;
    src = candidate && canSubset(candidate) ? candidate : null;
    sources.set(font, src);
  }
  return src;
}

/** The document's current font writes its subset from the font's own bytes (font-subset.ts) instead of through fontkit. */
function subsetOwnWay(doc: PDFKit.PDFDocument): void {
  const font = (doc as unknown as { _font?: EmbeddedFont })._font;
  if (!font?.subset || font.ownSubset) return;
  font.ownSubset = true;
  const src = sfntOf(font.font);
  if (!src) return;
  const subset = font.subset;
  subset.encode = () => subsetTrueType(src, subset.glyphs, (gid) => subset.includeGlyph(gid));
}

/**
 * Gives the document's current font the shared cache of shaped words: the
 * letterhead, labels and statement are the same on every certificate, and
 * shaping them again was a fifth of the main thread's time. A run is never
 * changed once made (pdfkit copies a position before adding word spacing).
 * Bounded: a full cache is dropped and started again.
 */
function shareShapedWords(doc: PDFKit.PDFDocument): void {
  const font = (doc as unknown as { _font?: EmbeddedFont })._font;
  if (!font?.layoutCache || font.sharedRuns) return;
  let runs = runCaches.get(font.font);
  if (!runs || Object.keys(runs).length > RUN_CACHE_WORDS) {
    runs = Object.create(null) as Record<string, unknown>;
    runCaches.set(font.font, runs);
  }
  font.layoutCache = runs;
  font.sharedRuns = true;
}

function drawOp(doc: PDFKit.PDFDocument, op: DrawOp, late: Partial<LateAssets>): void {
  switch (op.kind) {
    case 'text':
      doc.font(op.font).fontSize(op.size).fillColor('black');
      shareShapedWords(doc);
      subsetOwnWay(doc);
      doc.text(op.text, op.x, op.y, { lineBreak: false, wordSpacing: op.wordSpacing });
      if (op.underline)
        doc
          .moveTo(op.x, op.y + op.size * 1.07)
          .lineTo(op.x + op.underline, op.y + op.size * 1.07)
          .lineWidth(Math.max(0.4, op.size / 16))
          .stroke('black');
      return;
    case 'image':
      doc.image(Buffer.from(op.data.buffer, op.data.byteOffset, op.data.byteLength), op.x, op.y, { width: op.w, height: op.h });
      return;
    case 'photo':
      if (late.photo) doc.image(Buffer.from(late.photo.buffer, late.photo.byteOffset, late.photo.byteLength), op.x, op.y, { width: op.w, height: op.h });
      if (op.border) doc.rect(op.x, op.y, op.w, op.h).lineWidth(op.border).stroke('black');
      return;
    case 'line':
      doc.rect(op.x, op.y, op.w, op.thickness).fill('black');
      return;
    case 'watermark': {
      // Corner to corner, bottom left to top right, over the photo and the code too: a draft cannot be cut out of it.
      const { width, height } = doc.page;
      doc.font(op.font).fontSize(100);
      const size = (0.6 * Math.hypot(width, height) * 100) / doc.widthOfString(op.text);
      doc.fontSize(size);
      const w = doc.widthOfString(op.text);
      doc.save();
      doc.rotate((-Math.atan2(height, width) * 180) / Math.PI, { origin: [width / 2, height / 2] });
      doc.fillColor('#b00000', 0.2).text(op.text, width / 2 - w / 2, height / 2 - size * 0.55, { lineBreak: false });
      doc.restore();
      return;
    }
    case 'qr': {
      if (!late.qr) return;
      if (late.qr.size !== op.size) throw new Error('the barcode is not the size it was laid out for');
      drawQrMask(doc, late.qr, op);
      return;
    }
  }
}

/**
 * The code as a 1-bit image mask painted black, one sample per module: a
 * version 13 seal is 600 bytes where a rectangle per run of dark modules was
 * about 1,500 rectangles (7 KB compressed, and a fifth of the drawing time).
 * Rendered without interpolation (PDF/A forbids it), so every module stays
 * a sharp square at any resolution.
 */
function drawQrMask(doc: PDFKit.PDFDocument, qr: { size: number; modules: Uint8Array }, op: { x: number; y: number; module: number }): void {
  const { size, modules } = qr;
  const rowBytes = Math.ceil(size / 8);
  const bits = Buffer.alloc(rowBytes * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (modules[r * size + c]) bits[r * rowBytes + (c >> 3)]! |= 0x80 >> (c & 7);
  const internal = doc as unknown as {
    ref(data: object): { end(chunk: Buffer): void };
    page: { xobjects: Record<string, unknown> };
    addContent(s: string): void;
  };
  // Decode [1 0]: a set bit (a dark module) is painted with the fill colour.
  const mask = internal.ref({ Type: 'XObject', Subtype: 'Image', Width: size, Height: size, ImageMask: true, BitsPerComponent: 1, Decode: [1, 0] });
  mask.end(bits);
  const name = `QR${Object.keys(internal.page.xobjects).length + 1}`;
  internal.page.xobjects[name] = mask;
  const side = size * op.module;
  doc.save();
  doc.fillColor('black');
  // pdfkit's page is flipped (origin top left); the image's unit square is placed at its lower-left corner.
  doc.transform(side, 0, 0, -side, op.x, op.y + side);
  internal.addContent(`/${name} Do`);
  doc.restore();
}

/** Collects a drawn document into bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      const b = Buffer.concat(chunks);
      resolve(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    });
    doc.on('error', reject);
  });
}
