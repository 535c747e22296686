/**
 * pdfkit's private members, as suket uses them (src/render/draw/pdfkit-door.ts), on a
 * real pdfkit document: each one is where suket expects it and does what
 * suket relies on. After a pdfkit upgrade this file names what moved; a
 * document without them gets the door's sentence, never wrong bytes.
 */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import {
  contentInOnePiece,
  currentFont,
  drawTextFragment,
  placeImage,
  replaceXmpInfo,
  setFileId,
  setViewerPreferences,
  writeInOnePiece,
} from '../src/render/draw/pdfkit-door.js';

const FONT = new URL('../fonts/Arimo-Regular.ttf', import.meta.url).pathname;
// As suket makes one: no default Helvetica (font: null), so every font is an embedded TrueType one.
const newDoc = () =>
  new PDFDocument({ size: 'A4', margin: 0, compress: false, displayTitle: true, pdfVersion: '1.7', info: { Title: 'uji' }, font: null as unknown as string });

/** Ends a document and gives its bytes and how many chunks it pushed. */
function finish(doc: PDFKit.PDFDocument): Promise<{ text: string; chunks: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve({ text: Buffer.concat(chunks).toString('latin1'), chunks: chunks.length }));
    doc.on('error', reject);
    doc.end();
  });
}

describe("pdfkit's private members suket uses", () => {
  it('are where suket expects them on a real document, and do what it relies on', async () => {
    const doc = newDoc();
    writeInOnePiece(doc);
    contentInOnePiece(doc);
    replaceXmpInfo(doc, () => '<rdf:Description xmlns:suket="urn:uji" suket:mark="DOOR-XMP"/>');
    setViewerPreferences(doc, { PrintScaling: 'None', PickTrayByPDFSize: true });
    expect(currentFont(doc)).toBeUndefined();
    doc.font(FONT).fontSize(12);
    expect(currentFont(doc)?.subset.glyphs).toEqual(expect.any(Array));
    drawTextFragment(doc, 'DOOR TEXT', 10, 10, 0);
    const image = placeImage(doc, { Width: 1, Height: 1, ColorSpace: 'DeviceGray', BitsPerComponent: 8 }, { x: 0, y: 0, w: 10, h: 10 });
    image.end(Buffer.from([0]));
    setFileId(doc, Buffer.alloc(16, 0xab));
    const { text, chunks } = await finish(doc);
    // The two header lines pdfkit writes as it is made, then everything after in one piece (some six hundred without the door).
    expect(chunks).toBe(3);
    expect(text).toContain('/PrintScaling /None');
    expect(text).toContain('/PickTrayByPDFSize true');
    expect(text).toContain(`<${'ab'.repeat(16)}>`);
    expect(text).toContain('/L1 Do');
    expect(text).toMatch(/\[<[0-9a-f]+> 0\] TJ/);
  });

  it("a document without them gets the door's sentence naming what moved", () => {
    const gone = {} as PDFKit.PDFDocument;
    expect(() => setFileId(gone, new Uint8Array(16))).toThrow('pdfkit no longer keeps the file identifier in _id');
    expect(() => setViewerPreferences(gone, {})).toThrow('pdfkit no longer makes ViewerPreferences');
    expect(() => writeInOnePiece(gone)).toThrow('pdfkit no longer writes through _write');
    expect(() => contentInOnePiece(gone)).toThrow('pdfkit no longer writes a page through its content reference');
    expect(() => replaceXmpInfo(gone, () => '')).toThrow('pdfkit no longer writes XMP through _addInfo');
    expect(() => drawTextFragment(gone, 'x', 0, 0, 0)).toThrow('pdfkit no longer draws text through _fragment');
    expect(() => placeImage(gone, {}, { x: 0, y: 0, w: 1, h: 1 })).toThrow('pdfkit no longer places images');
    expect(() => currentFont({ _font: { subset: {} } } as unknown as PDFKit.PDFDocument)).toThrow('pdfkit no longer embeds a font as _font');
  });
});
