/**
 * The signature's place in the PDF, added as an incremental update after
 * the file suket drew (which stays byte for byte as it was): a signature
 * field on the page, the signature dictionary with a /ByteRange and a
 * /Contents hole, the catalog's /AcroForm, a new xref section. Only files
 * as pdfkit writes them are read here (a classic xref table, dictionaries
 * in plain text), which is what suket produces.
 */

export interface SignatureDictionary {
  time: Date;
  reason?: string | undefined;
  location?: string | undefined;
  name?: string | undefined;
  /** The widget's rectangle in PDF points from the lower-left corner; absent: an invisible signature. */
  rect?: readonly [number, number, number, number] | undefined;
  /** Bytes reserved for the CMS (written as hex, twice as many characters). */
  reserve: number;
}

/** A file with its signature hole: what to hash, and where the CMS goes. */
export interface Prepared {
  bytes: Buffer;
  /** [0, holeStart, holeEnd, rest]: the signed ranges (all but the hex of /Contents and its brackets). */
  byteRange: [number, number, number, number];
}

/** Written first, overwritten with the real ranges (padded with spaces) once the file's length is known. */
const BYTE_RANGE_PLACEHOLDER = `/ByteRange [0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`;

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A text string as UTF-16BE hex, which holds any character. */
const textString = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
const pdfDate = (d: Date) => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

interface Parsed {
  text: string;
  xrefOffset: number;
  size: number;
  root: number;
  info: string;
  id: string;
  offsets: Map<number, number>;
}

function parse(pdf: Uint8Array): Parsed {
  const text = latin1(pdf);
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64));
  if (!tail) throw new Error('not a PDF suket wrote: no startxref at the end');
  const xrefOffset = Number(tail[1]);
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const num = (re: RegExp) => {
    const m = re.exec(trailer);
    if (!m) throw new Error(`not a PDF suket wrote: the trailer has no ${re.source}`);
    return m[1]!;
  };
  const size = Number(num(/\/Size (\d+)/));
  const offsets = new Map<number, number>();
  const table = /^xref\n0 (\d+)\n/.exec(text.slice(xrefOffset, xrefOffset + 32));
  if (!table || Number(table[1]) !== size) throw new Error('not a PDF suket wrote: the xref table is not where it says');
  const start = xrefOffset + table[0].length;
  for (let n = 1; n < size; n++) offsets.set(n, Number(text.slice(start + n * 20, start + n * 20 + 10)));
  return { text, xrefOffset, size, root: Number(num(/\/Root (\d+) 0 R/)), info: num(/\/Info (\d+ 0 R)/), id: num(/\/ID (\[[^\]]*\])/), offsets };
}

/** Object n's dictionary text, without its outer << >>. */
function dictionary(p: Parsed, n: number): string {
  const at = p.offsets.get(n);
  if (at === undefined) throw new Error(`object ${n} is not in the xref table`);
  const end = p.text.indexOf('endobj', at);
  const body = p.text.slice(at, end);
  const open = body.indexOf('<<');
  const close = body.lastIndexOf('>>');
  if (!body.startsWith(`${n} 0 obj`) || open < 0 || close < open || body.includes('stream')) throw new Error(`object ${n} is not a plain dictionary`);
  return body.slice(open + 2, close);
}

/** The file with its signature field and an empty /Contents of `reserve` bytes. */
export function prepareSignature(pdf: Uint8Array, sig: SignatureDictionary): Prepared {
  const p = parse(pdf);
  const catalog = dictionary(p, p.root);
  const pagesRef = /\/Pages (\d+) 0 R/.exec(catalog);
  const kid = pagesRef && /\/Kids \[(\d+) 0 R/.exec(dictionary(p, Number(pagesRef[1])));
  if (!kid) throw new Error('not a PDF suket wrote: no first page');
  const pageNo = Number(kid[1]);
  const page = dictionary(p, pageNo);
  if (/\/Annots|\/AcroForm/.test(page + catalog)) throw new Error('the PDF has annotations or a form already');
  const [widgetNo, sigNo, apNo] = [p.size, p.size + 1, p.size + 2];
  const rect = sig.rect ?? [0, 0, 0, 0];
  const visible = Boolean(sig.rect);
  const objects = new Map<number, string>([
    [p.root, `<<${catalog}/AcroForm << /Fields [${widgetNo} 0 R] /SigFlags 3 >>\n>>`],
    [pageNo, `<<${page}/Annots [${widgetNo} 0 R]\n>>`],
    [
      widgetNo,
      `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${textString('Tanda Tangan Elektronik')} /V ${sigNo} 0 R /F 132 /P ${pageNo} 0 R /Rect [${rect.map((v) => v.toFixed(2)).join(' ')}]${visible ? ` /AP << /N ${apNo} 0 R >>` : ''} >>`,
    ],
    [
      sigNo,
      [
        '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
        BYTE_RANGE_PLACEHOLDER,
        `/Contents <${'0'.repeat(sig.reserve * 2)}>`,
        `/M ${pdfDate(sig.time)}`,
        ...(sig.name ? [`/Name ${textString(sig.name)}`] : []),
        ...(sig.reason ? [`/Reason ${textString(sig.reason)}`] : []),
        ...(sig.location ? [`/Location ${textString(sig.location)}`] : []),
        '>>',
      ].join('\n'),
    ],
  ]);
  // A visible widget's appearance is an empty form: the mark itself is printed on the page by the template.
  if (visible)
    objects.set(
      apNo,
      `<< /Type /XObject /Subtype /Form /BBox [0 0 ${(rect[2] - rect[0]).toFixed(2)} ${(rect[3] - rect[1]).toFixed(2)}] /Length 0 >>\nstream\n\nendstream`,
    );
  return finish(p, pdf, objects);
}

function finish(p: Parsed, pdf: Uint8Array, objects: Map<number, string>): Prepared {
  let out = p.text.endsWith('\n') ? '' : '\n';
  const at = new Map<number, number>();
  const numbers = [...objects.keys()].sort((a, b) => a - b);
  for (const n of numbers) {
    at.set(n, pdf.length + Buffer.byteLength(out, 'latin1'));
    out += `${n} 0 obj\n${objects.get(n)}\nendobj\n`;
  }
  const xref = pdf.length + Buffer.byteLength(out, 'latin1');
  out += 'xref\n0 1\n0000000000 65535 f \n';
  for (const n of numbers) out += `${n} 1\n${String(at.get(n)).padStart(10, '0')} 00000 n \n`;
  const size = Math.max(p.size, numbers[numbers.length - 1]! + 1);
  out += `trailer\n<<\n/Size ${size}\n/Root ${p.root} 0 R\n/Info ${p.info}\n/ID ${p.id}\n/Prev ${p.xrefOffset}\n>>\nstartxref\n${xref}\n%%EOF\n`;
  const bytes = Buffer.concat([pdf, Buffer.from(out, 'latin1')]);
  const text = bytes.toString('latin1');
  const hole = text.indexOf('/Contents <', pdf.length) + '/Contents '.length;
  const holeEnd = text.indexOf('>', hole) + 1;
  const byteRange: Prepared['byteRange'] = [0, hole, holeEnd, bytes.length - holeEnd];
  bytes.write(`/ByteRange [${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), text.indexOf(BYTE_RANGE_PLACEHOLDER, pdf.length), 'latin1');
  return { bytes, byteRange };
}

/** The CMS is larger than the room reserved for it. */
export class NoRoom extends Error {}

/** Writes the CMS into the hole; throws NoRoom if it does not fit. */
export function embedSignature(prepared: Prepared, cms: Uint8Array): Uint8Array {
  const [, hole, holeEnd] = prepared.byteRange;
  const room = holeEnd - hole - 2;
  const hex = Buffer.from(cms).toString('hex').toUpperCase();
  if (hex.length > room) throw new NoRoom(`the signature takes ${cms.length} bytes, more than the ${room / 2} reserved`);
  prepared.bytes.write(hex, hole + 1, 'latin1');
  return new Uint8Array(prepared.bytes.buffer, prepared.bytes.byteOffset, prepared.bytes.byteLength);
}
