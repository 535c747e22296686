/**
 * Drawing: the only module that speaks pdfkit (its private members through
 * `pdfkit-door.ts`). It takes a laid-out page and writes PDF bytes; it
 * decides nothing about where things go.
 */
import PDFDocument from 'pdfkit';
import type { Font } from '../plan/fonts.js';
import type { LateAssets } from '../plan/plan.js';
import { FONT_ROLES, type FontRole } from '../../elements/common.js';
import type { DrawOp, PageLayout } from '../layout/page.js';
import { StructureWriter } from './structure.js';
import { xmpDescriptions } from './xmp.js';
import { canSubset, subsetTrueType, type SfntSource } from '../../codecs/font-subset.js';
import {
  contentInOnePiece,
  currentFont,
  drawTextFragment,
  placeImage,
  replaceXmpInfo,
  setFileId,
  setViewerPreferences,
  writeInOnePiece,
  type EmbeddedFont,
} from './pdfkit-door.js';

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
 * The whole page is drawn at once, the photo and the barcode as images
 * whose bytes are written when `late` resolves (always last and in page
 * order, so the bytes never depend on timing). If `late` rejects, the
 * document emits 'error'.
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
  writeInOnePiece(doc);
  contentInOnePiece(doc);
  // pdfkit writes the info dictionary into XMP unescaped and without the modification date; ours escapes every value and matches it, as PDF/A requires.
  replaceXmpInfo(doc, () =>
    xmpDescriptions({ title: meta.title, author: meta.author, subject: meta.subject, creator: 'suket', producer: meta.producer, date: meta.date }),
  );
  for (const role of FONT_ROLES) doc.registerFont(role, fonts[role] as unknown as string);
  setViewerPreferences(doc, PRINT_AT_ACTUAL_SIZE);
  const structure = meta.tagged ? new StructureWriter(doc) : { draw: (_path: unknown, paint: () => void) => paint(), reserve: () => {} };
  const isLate = (op: DrawOp) => op.kind === 'photo' || op.kind === 'qr' || op.kind === 'watermark';
  const slots: Slot[] = [];
  for (const op of page.ops) {
    if (isLate(op)) structure.reserve(op.tag);
    else structure.draw(op.tag, () => drawOp(doc, op, slots));
  }
  // The photo and the code are placed now as images whose bytes follow, and
  // the watermark over everything, so the whole page, its structure and its
  // fonts are written while the photo is still being prepared.
  for (const op of page.ops) if (op.kind === 'photo' || op.kind === 'qr') structure.draw(op.tag, () => drawOp(doc, op, slots));
  for (const op of page.ops) if (op.kind === 'watermark') structure.draw(op.tag, () => drawOp(doc, op, slots));
  // The trailer (written when the last image's bytes are in) is the only part left for `late`.
  doc.end();
  late
    .then((assets) => {
      // The trailer's /ID, from the content: pdfkit's own is a hash of the info dictionary, the same for every certificate of a day.
      setFileId(doc, assets.fileId);
      // In page order, so the objects' order never depends on which asset was ready first.
      for (const fill of slots) fill(assets);
    })
    .catch((e: unknown) => doc.emit('error', e));
  return doc;
}

/**
 * The print dialogue's defaults: 100% (the QR module is 0.423 mm and the
 * photo 3 x 4 cm; "fit to page" shrinks both) and the tray that holds the
 * page's paper where the printer has one.
 */
const PRINT_AT_ACTUAL_SIZE = Object.freeze({ PrintScaling: 'None', PickTrayByPDFSize: true });

/** Shaped words kept from one document to the next, per font: pdfkit keeps them only per document. */
const RUN_CACHE_WORDS = 1000;
const runCaches = new WeakMap<object, Record<string, unknown>>();

type FontkitFont = EmbeddedFont['font'];
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

/**
 * Once per font and document, before its first text: the shared cache of
 * shaped words, and the subset written from the font's own bytes.
 */
function adoptFont(doc: PDFKit.PDFDocument): void {
  const font = currentFont(doc);
  if (!font || font.adopted) return;
  font.adopted = true;
  shareShapedWords(font);
  subsetOwnWay(font);
}

/** The font writes its subset from its own bytes (font-subset.ts) instead of through fontkit. */
function subsetOwnWay(font: EmbeddedFont): void {
  const src = font.subset ? sfntOf(font.font) : null;
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
function shareShapedWords(font: EmbeddedFont): void {
  if (!font.layoutCache) return;
  let runs = runCaches.get(font.font);
  if (!runs || Object.keys(runs).length > RUN_CACHE_WORDS) {
    runs = Object.create(null) as Record<string, unknown>;
    runCaches.set(font.font, runs);
  }
  font.layoutCache = runs;
}

/** Fills a placed image with its bytes once the late assets are ready. */
type Slot = (assets: LateAssets) => void;

function drawOp(doc: PDFKit.PDFDocument, op: DrawOp, slots: Slot[]): void {
  switch (op.kind) {
    case 'text':
      doc.font(op.font).fontSize(op.size).fillColor('black');
      adoptFont(doc);
      drawTextLine(doc, op.text, op.x, op.y, op.wordSpacing);
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
      drawPhoto(doc, op, slots);
      return;
    case 'line':
      doc.rect(op.x, op.y, op.w, op.thickness).fill('black');
      return;
    case 'watermark':
      drawWatermark(doc, op);
      return;
    case 'qr':
      drawQr(doc, op, slots);
      return;
  }
}

/** The photo's place, its JPEG filled in once the late assets are ready. */
function drawPhoto(doc: PDFKit.PDFDocument, op: Extract<DrawOp, { kind: 'photo' }>, slots: Slot[]): void {
  const { width, height } = op.pixels;
  const image = placeImage(doc, { Width: width, Height: height, ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode' }, op);
  slots.push(({ photo }) => {
    if (!photo || photo.width !== width || photo.height !== height) throw new Error('the photo is not the size it was laid out for');
    image.end(photo.jpeg);
  });
  if (op.border) doc.rect(op.x, op.y, op.w, op.h).lineWidth(op.border).stroke('black');
}

/** Corner to corner, bottom left to top right, over the photo and the code too: a draft cannot be cut out of it. */
function drawWatermark(doc: PDFKit.PDFDocument, op: Extract<DrawOp, { kind: 'watermark' }>): void {
  const { width, height } = doc.page;
  doc.font(op.font).fontSize(100);
  const size = (0.6 * Math.hypot(width, height) * 100) / doc.widthOfString(op.text);
  doc.fontSize(size);
  const w = doc.widthOfString(op.text);
  doc.save();
  doc.rotate((-Math.atan2(height, width) * 180) / Math.PI, { origin: [width / 2, height / 2] });
  doc.fillColor('#b00000', 0.2).text(op.text, width / 2 - w / 2, height / 2 - size * 0.55, { lineBreak: false });
  doc.restore();
}

/**
 * A 1-bit image mask painted black, one sample per module: a version 13
 * seal is 600 bytes where a rectangle per run of dark modules was 7 KB.
 * Decode [1 0]: a set bit (a dark module) is painted. Never interpolated
 * (PDF/A forbids it), so every module stays a sharp square.
 */
function drawQr(doc: PDFKit.PDFDocument, op: Extract<DrawOp, { kind: 'qr' }>, slots: Slot[]): void {
  const side = op.size * op.module;
  doc.fillColor('black');
  const mask = placeImage(
    doc,
    { Width: op.size, Height: op.size, ImageMask: true, BitsPerComponent: 1, Decode: [1, 0] },
    { x: op.x, y: op.y, w: side, h: side },
  );
  // Not compressed: a QR code's bits are as dense as deflate makes them (621 bytes raw, 632 deflated), and this is the certificate's last step.
  mask.compress = false;
  slots.push(({ qr }) => {
    if (!qr || qr.size !== op.size) throw new Error('the barcode is not the size it was laid out for');
    mask.end(qrBits(qr));
  });
}

/** A line of text where the layout put it (runs of spaces folded when words are spaced out, as pdfkit's text() does). */
function drawTextLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, wordSpacing: number): void {
  drawTextFragment(doc, wordSpacing ? text.replace(/\s{2,}/g, ' ') : text, x, y, wordSpacing);
}

/** The modules as rows of bits, most significant first, each row padded to a byte. */
function qrBits({ size, modules }: { size: number; modules: Uint8Array }): Uint8Array {
  const rowBytes = Math.ceil(size / 8);
  const bits = new Uint8Array(rowBytes * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (modules[r * size + c]) bits[r * rowBytes + (c >> 3)]! |= 0x80 >> (c & 7);
  return bits;
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
