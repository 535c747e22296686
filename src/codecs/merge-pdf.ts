/**
 * Many certificates in one file for one print job: the pages of PDFs suket
 * drew, in the order given, with what each page needs (contents, fonts,
 * images) and nothing else. A print file is not an archive copy: it has no
 * structure tree, PDF/A identification or signatures (each certificate's
 * own PDF keeps those); it keeps the print preferences (100%, the paper's
 * tray). Reads files as pdfkit writes them, incremental updates included.
 */
import { createHash } from 'node:crypto';

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Object number to offset, newest section first (a signature adds one). */
function offsets(text: string): Map<number, number> {
  const out = new Map<number, number>();
  let at = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64))?.[1] ?? Number.NaN);
  for (let guard = 0; Number.isFinite(at) && guard < 16; guard++) {
    if (!text.startsWith('xref', at)) throw new Error('not a PDF suket wrote: no xref table where startxref says');
    let p = at + 5;
    for (;;) {
      const head = /^(\d+) (\d+)\s*\n/.exec(text.slice(p, p + 32));
      if (!head) break;
      const first = Number(head[1]);
      p += head[0].length;
      for (let i = 0; i < Number(head[2]); i++, p += 20) {
        const n = first + i;
        if (text[p + 17] === 'n' && !out.has(n)) out.set(n, Number(text.slice(p, p + 10)));
      }
    }
    const trailer = text.slice(p, text.indexOf('startxref', p));
    at = Number(/\/Prev (\d+)/.exec(trailer)?.[1] ?? Number.NaN);
  }
  return out;
}

interface PdfObject {
  /** The object's value before any stream: a dictionary, array, number ... */
  head: string;
  /** The stream's bytes as written (still compressed), if it has one. */
  stream?: string;
}

const isStringStart = (text: string, i: number) => text[i] === '(' || (text[i] === '<' && text[i + 1] !== '<');

/** The index of the last character of the string (literal or hex) that starts at `i`. */
function stringEnd(text: string, i: number): number {
  if (text[i] === '<') return text.indexOf('>', i);
  for (let depth = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

/** The end of the value that starts at `from`, skipping strings (which may hold anything). */
function valueEnd(text: string, from: number, stop: RegExp): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (isStringStart(text, i)) i = stringEnd(text, i);
    else if (c === '<' || c === '>') i++;
    else {
      stop.lastIndex = i;
      if (stop.test(text)) return i;
    }
  }
  throw new Error('not a PDF suket wrote: an object does not end');
}

function readObject(text: string, n: number, at: number): PdfObject {
  const start = /^\d+ \d+ obj\s*/.exec(text.slice(at, at + 32));
  if (!start || !text.startsWith(`${n} `, at)) throw new Error(`not a PDF suket wrote: object ${n} is not where the xref says`);
  const from = at + start[0].length;
  const end = valueEnd(text, from, /stream\b|endobj\b/y);
  const head = text.slice(from, end).trimEnd();
  if (!text.startsWith('stream', end)) return { head };
  const length = Number(/\/Length (\d+)\b(?!\s+\d+\s+R)/.exec(head)?.[1] ?? Number.NaN);
  if (!Number.isFinite(length)) throw new Error(`not a PDF suket wrote: object ${n}'s stream has no direct /Length`);
  const data = end + 'stream'.length + (text[end + 6] === '\r' ? 2 : 1);
  return { head, stream: text.slice(data, data + length) };
}

/** Rewrites every reference `n 0 R` outside strings through `renumber`. */
function mapRefs(value: string, renumber: (n: number) => number): string {
  let out = '';
  let last = 0;
  const ref = /(\d+) (\d+) R\b/y;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '<' && value[i + 1] === '<') {
      i++; // a dictionary's start, not a hex string
      continue;
    }
    if (isStringStart(value, i)) {
      i = stringEnd(value, i);
      continue;
    }
    ref.lastIndex = i;
    const m = c !== undefined && c >= '0' && c <= '9' && (i === 0 || !/[\d.]/.test(value[i - 1]!)) ? ref.exec(value) : null;
    if (!m) continue;
    out += `${value.slice(last, i)}${renumber(Number(m[1]))} 0 R`;
    last = i + m[0].length;
    i = last - 1;
  }
  return out + value.slice(last);
}

const refsOf = (value: string): number[] => {
  const found: number[] = [];
  mapRefs(value, (n) => {
    found.push(n);
    return n;
  });
  return found;
};

/** One file's first page and everything it reaches, with the page's form field and structure links left out. */
function pageObjects(pdf: Uint8Array): { page: number; objects: Map<number, PdfObject> } {
  const text = latin1(pdf);
  const where = offsets(text);
  const get = (n: number) => {
    const at = where.get(n);
    if (at === undefined) throw new Error(`not a PDF suket wrote: object ${n} is missing`);
    return readObject(text, n, at);
  };
  const root = Number(/\/Root (\d+) 0 R/.exec(text.slice(text.lastIndexOf('trailer')))?.[1]);
  const pages = Number(/\/Pages (\d+) 0 R/.exec(get(root).head)?.[1]);
  const page = Number(/\/Kids \[(\d+) 0 R/.exec(get(pages).head)?.[1]);
  const objects = new Map<number, PdfObject>();
  const pageObj = get(page);
  objects.set(page, { head: pageObj.head.replace(/\/Annots \[[^\]]*\]\s*/, '').replace(/\/StructParents \d+\s*/, '') });
  const todo = refsOf(objects.get(page)!.head).filter((n) => n !== pages);
  while (todo.length) {
    const n = todo.pop()!;
    if (objects.has(n)) continue;
    const o = get(n);
    objects.set(n, o);
    todo.push(...refsOf(o.head));
  }
  return { page, objects };
}

/**
 * One PDF holding the pages of `pdfs` in order.
 * @throws Error for a file suket did not write (it reads only its own files' layout).
 * @example writeFileSync('cetak.pdf', mergePdfs(files.map((f) => readFileSync(f))));
 */
export function mergePdfs(pdfs: readonly Uint8Array[]): Uint8Array {
  const CATALOG = 1;
  const PAGES = 2;
  const INFO = 3;
  let next = 4;
  const body: Array<[number, PdfObject]> = [];
  const kids: number[] = [];
  for (const pdf of pdfs) {
    const { page, objects } = pageObjects(pdf);
    const renumbered = new Map<number, number>();
    for (const n of [...objects.keys()].sort((a, b) => a - b)) renumbered.set(n, next++);
    const renumber = (n: number) => renumbered.get(n) ?? PAGES;
    for (const [n, o] of [...objects].sort((a, b) => a[0] - b[0])) body.push([renumber(n), { ...o, head: mapRefs(o.head, renumber) }]);
    kids.push(renumber(page));
  }
  body.unshift(
    [CATALOG, { head: `<< /Type /Catalog /Pages ${PAGES} 0 R /ViewerPreferences << /PrintScaling /None /PickTrayByPDFSize true >> >>` }],
    [PAGES, { head: `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>` }],
    [INFO, { head: `<< /Producer (suket) /Title (Berkas cetak: ${kids.length} surat) >>` }],
  );
  return serialise(
    body.sort((a, b) => a[0] - b[0]),
    next,
  );
}

function serialise(objects: Array<[number, PdfObject]>, size: number): Uint8Array {
  const parts: string[] = ['%PDF-1.7\n%\xff\xff\xff\xff\n'];
  let length = Buffer.byteLength(parts[0]!, 'latin1');
  const at: number[] = [];
  for (const [n, o] of objects) {
    at[n] = length;
    const s = `${n} 0 obj\n${o.head}\n${o.stream !== undefined ? `stream\n${o.stream}\nendstream\n` : ''}endobj\n`;
    parts.push(s);
    length += Buffer.byteLength(s, 'latin1');
  }
  const id = createHash('sha256').update(parts.join(''), 'latin1').digest('hex').slice(0, 32);
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) xref += `${String(at[n] ?? 0).padStart(10, '0')} 00000 ${at[n] === undefined ? 'f' : 'n'} \n`;
  parts.push(`${xref}trailer\n<< /Size ${size} /Root 1 0 R /Info 3 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${length}\n%%EOF\n`);
  return new Uint8Array(Buffer.from(parts.join(''), 'latin1'));
}
