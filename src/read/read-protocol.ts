/** Messages between a reader and its threads, and what they read. */

/** Bounds on a PDF someone hands us, checked by the thread that renders it. */
export interface PdfLimits {
  /** Pixels of the rendered page at most; the resolution is lowered to fit. */
  maxPixels: number;
  /** Points on a page's longer side at most. */
  maxPageSide: number;
  /** Objects on the page at most. */
  maxObjects: number;
}

/** What a PDF says of itself beside its pixels: its length, each PAdES signature's byte range, its revisions, and the first page's text. */
export interface PdfDocumentFacts {
  length: number;
  signedRanges: number[][];
  /** Revisions of the file (one, and one more for each incremental update). */
  revisions: number;
  text: string;
}

/** What a person holds, as read: the texts of every QR code found, and for a PDF its page's JPEG images and its facts. */
export interface Held {
  texts: string[];
  /** The JPEG images on a PDF's page (a certificate's photo is one); absent for a picture. */
  jpegs?: Uint8Array[];
  /** Absent for a picture. */
  document?: PdfDocumentFacts;
}

export type ReadJob =
  /** The QR codes (and, of a PDF, its photos and facts) of a PDF or a picture of the paper. */
  | { kind: 'held'; bytes: Uint8Array; isPdf: boolean; dpi: number; limits: PdfLimits }
  /** A PDF's first page as PNG. */
  | { kind: 'page'; pdf: Uint8Array; dpi: number; limits: PdfLimits };

export type ReadResult = { kind: 'held'; held: Held } | { kind: 'page'; png: Uint8Array } | { kind: 'refused'; message: string };
