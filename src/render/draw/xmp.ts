/**
 * The document's XMP metadata (the descriptions inside pdfkit's packet):
 * the same title, author, subject, tool and dates as the info dictionary,
 * as PDF/A requires, with every value escaped for XML (an office called
 * "Dinas Kependudukan & Pencatatan Sipil" must not break the packet).
 */
export interface XmpInfo {
  title: string;
  author?: string | undefined;
  subject?: string | undefined;
  creator: string;
  producer: string;
  /** Creation and modification: the same instant, fixed for the same input. */
  date: Date;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
/** XMP dates to the second in UTC, as the info dictionary writes them. */
const xmpDate = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/**
 * The rdf:Description elements for the document's info.
 * @example xmpDescriptions({ title: 'Surat', creator: 'suket', producer: 'suket 1.0', date })
 */
export function xmpDescriptions(info: XmpInfo): string {
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${esc(v)}</rdf:li></rdf:Alt>`;
  const dc = [
    `<dc:title>${alt(info.title)}</dc:title>`,
    info.author ? `<dc:creator><rdf:Seq><rdf:li>${esc(info.author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    info.subject ? `<dc:description>${alt(info.subject)}</dc:description>` : '',
  ].join('');
  return [
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>${xmpDate(info.date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(info.date)}</xmp:ModifyDate><xmp:CreatorTool>${esc(info.creator)}</xmp:CreatorTool></rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">${dc}</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${esc(info.producer)}</pdf:Producer></rdf:Description>`,
  ].join('\n');
}
