/**
 * pdfkit behind one door: every private member of pdfkit that suket reads
 * or replaces is here, each checked before use, so a pdfkit upgrade that
 * moves one fails with a sentence naming it (and `test/pdfkit-door.test.ts`
 * fails first), never with wrong bytes. The golden hashes
 * (`test/golden.test.ts`) show what an upgrade changes in the bytes.
 */
import type { SfntSource } from '../../codecs/font-subset.js';

/** What pdfkit no longer does as suket relies on: a member moved or gone. */
const moved = (what: string): Error => new Error(`pdfkit no longer ${what} (src/render/draw/pdfkit-door.ts)`);

/**
 * The file identifier in the trailer (`/ID`): suket's, from the content.
 * pdfkit's own is a hash of the info dictionary, the same for every
 * certificate of a day.
 */
export function setFileId(doc: PDFKit.PDFDocument, id: Uint8Array): void {
  const internal = doc as unknown as { _id?: unknown };
  if (!(internal._id instanceof Uint8Array)) throw moved('keeps the file identifier in _id');
  internal._id = Buffer.from(id);
}

/** The print dialogue's defaults, into the catalogue's ViewerPreferences (pdfkit makes it for `displayTitle`). */
export function setViewerPreferences(doc: PDFKit.PDFDocument, entries: Record<string, unknown>): void {
  const prefs = (doc as unknown as { _root?: { data?: { ViewerPreferences?: { data?: Record<string, unknown> } } } })._root?.data?.ViewerPreferences?.data;
  if (!prefs) throw moved('makes ViewerPreferences in _root for displayTitle');
  Object.assign(prefs, entries);
}

/**
 * pdfkit pushes every line of every object into its stream as a buffer of
 * its own (some six hundred a certificate, each a 'data' event); the file
 * is wanted whole, so the lines are kept as text and pushed once, as the
 * document ends. The bytes and offsets are pdfkit's: a line is written as
 * its string's low bytes plus a newline.
 */
export function writeInOnePiece(doc: PDFKit.PDFDocument): void {
  const internal = doc as unknown as { _write(data: string | Uint8Array): void; _offset: number; push(chunk: Uint8Array | null): boolean };
  if (typeof internal._write !== 'function' || typeof internal._offset !== 'number') throw moved('writes through _write and counts _offset');
  const parts: Uint8Array[] = [];
  const lines = new LineBatch((bytes) => parts.push(bytes));
  internal._write = (data) => {
    lines.write(data);
    internal._offset += typeof data === 'string' ? data.length + 1 : data.length;
  };
  const push = internal.push.bind(doc);
  internal.push = (chunk) => {
    if (chunk !== null) return push(chunk);
    lines.flush();
    push(Buffer.concat(parts));
    return push(null);
  };
}

/**
 * Lines of text (each with a newline, as pdfkit writes one) gathered and
 * passed on as one buffer of their low bytes, before any bytes that follow.
 */
class LineBatch {
  #text = '';
  constructor(readonly emit: (bytes: Uint8Array) => void) {}
  write(data: string | Uint8Array): void {
    if (typeof data === 'string') {
      this.#text += `${data}\n`;
      return;
    }
    this.flush();
    this.emit(data);
  }
  flush(): void {
    if (this.#text) this.emit(Buffer.from(this.#text, 'latin1'));
    this.#text = '';
  }
}

type ContentRef = { write(chunk: string | Uint8Array): void; finalize(): void };

/**
 * The same for the page's content stream: pdfkit turns each operator it
 * adds into a buffer of its own before joining them to deflate; the text is
 * now turned into bytes once.
 */
export function contentInOnePiece(doc: PDFKit.PDFDocument): void {
  const ref = (doc as unknown as { page?: { content?: ContentRef } }).page?.content;
  if (typeof ref?.write !== 'function' || typeof ref.finalize !== 'function') throw moved("writes a page through its content reference's write and finalize");
  const finalize = ref.finalize.bind(ref);
  const lines = new LineBatch(ref.write.bind(ref));
  ref.write = (chunk) => lines.write(chunk);
  ref.finalize = () => {
    lines.flush();
    finalize();
  };
}

/** pdfkit's XMP of the info dictionary replaced by suket's (`xml`, appended where pdfkit appended its own). */
export function replaceXmpInfo(doc: PDFKit.PDFDocument, xml: () => string): void {
  const internal = doc as unknown as { _addInfo?: () => void; appendXML?: (xml: string) => void };
  if (typeof internal._addInfo !== 'function' || typeof internal.appendXML !== 'function') throw moved('writes XMP through _addInfo and appendXML');
  internal._addInfo = () => internal.appendXML!(xml());
}

/** A font as pdfkit embeds it in a document: fontkit's font, its run cache and its subset. */
export interface EmbeddedFont {
  font: { stream: { buffer: Uint8Array }; directory: { tables: SfntSource['tables'] } };
  layoutCache?: Record<string, unknown>;
  subset: { glyphs: number[]; includeGlyph(gid: number): number; encode(): Uint8Array };
  /** Set once the font has been given the shared words and our subsetter, in this document. */
  adopted?: true;
}

/** The document's current font, as pdfkit embeds it; undefined before the first `font()`. */
export function currentFont(doc: PDFKit.PDFDocument): EmbeddedFont | undefined {
  const font = (doc as unknown as { _font?: EmbeddedFont | null })._font ?? undefined;
  if (font && (typeof font.subset?.encode !== 'function' || !Array.isArray(font.subset.glyphs) || !font.font))
    throw moved('embeds a font as _font with font, subset.glyphs and subset.encode');
  return font;
}

/**
 * What pdfkit's `text(s, x, y, { lineBreak: false })` writes, without its
 * two measurements of the line (one for a link or an underline, one to move
 * its cursor on), which suket never uses: the layout measured the line
 * already. The same operators, in the same order.
 */
export function drawTextFragment(doc: PDFKit.PDFDocument, line: string, x: number, y: number, wordSpacing: number): void {
  const internal = doc as unknown as { _fragment?(text: string, x: number, y: number, options: object): void };
  if (typeof internal._fragment !== 'function') throw moved('draws text through _fragment');
  internal._fragment(line, x, y, { lineBreak: false, wordSpacing, textWidth: 0, wordCount: 0, columns: 0, columnGap: 18, rotation: 0 });
}

/** An image object open for its bytes: ended later, with them. */
export type OpenRef = { end(chunk: Uint8Array): void; compress: boolean };

/**
 * Draws an image XObject into the box now and returns its object, to be
 * ended with the image's bytes later (pdfkit writes the trailer once every
 * object is ended).
 */
export function placeImage(doc: PDFKit.PDFDocument, dict: Record<string, unknown>, box: { x: number; y: number; w: number; h: number }): OpenRef {
  const internal = doc as unknown as { ref?(data: object): OpenRef; page?: { xobjects?: Record<string, unknown> }; addContent?(s: string): void };
  const xobjects = internal.page?.xobjects;
  if (typeof internal.ref !== 'function' || typeof internal.addContent !== 'function' || !xobjects)
    throw moved("places images through ref, addContent and the page's xobjects");
  const ref = internal.ref({ Type: 'XObject', Subtype: 'Image', ...dict });
  const name = `L${Object.keys(xobjects).length + 1}`;
  xobjects[name] = ref;
  doc.save();
  // pdfkit's page is flipped (origin top left); an image's unit square is placed from its lower-left corner.
  doc.transform(box.w, 0, 0, -box.h, box.x, box.y + box.h);
  internal.addContent(`/${name} Do`);
  doc.restore();
  return ref;
}
