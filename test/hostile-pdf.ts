/** PDFs written by hand as an attacker would, for the tests of verification's bounds. */
import { deflateSync } from 'node:zlib';

/** A one-page PDF around a content stream, written by hand as an attacker would. */
export function handPdf(content: string, size = [612, 792]): Buffer {
  const data = deflateSync(Buffer.from(content));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size[0]} ${size[1]}] /Contents 4 0 R >>`,
  ];
  let out = Buffer.from('%PDF-1.7\n');
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out = Buffer.concat([out, Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`)]);
  });
  offsets.push(out.length);
  out = Buffer.concat([out, Buffer.from(`4 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, Buffer.from('\nendstream\nendobj\n')]);
  const xref = out.length;
  const table = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  return Buffer.concat([out, Buffer.from(`xref\n0 5\n0000000000 65535 f \n${table}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`)]);
}

/** A page whose one path of 3,000,000 segments takes PDFium minutes to fill. */
export function slowPdf(): Buffer {
  const segments = Array.from({ length: 100 }, (_, i) => `${(i * 37) % 612} ${(i * 91) % 792} l`).join(' ');
  return handPdf(`0 0 m ${Array(1500).fill(segments).join(' ')} h f\n`.repeat(20));
}
