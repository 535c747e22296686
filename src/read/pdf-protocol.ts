/** Messages between the PDF reader and its worker thread. */
export interface PdfJob {
  pdf: Uint8Array;
  dpi: number;
  /** Pixels of the rendered page at most; the resolution is lowered to fit. */
  maxPixels: number;
  /** Points on a page's longer side at most. */
  maxPageSide: number;
  /** Objects on the page at most. */
  maxObjects: number;
}

/** What the file says of itself beside its pixels: each PAdES signature's byte range, its revisions, and the first page's text. */
export interface PdfDocumentFacts {
  signedRanges: number[][];
  /** Revisions of the file (one, and one more for each incremental update). */
  revisions: number;
  text: string;
}

export type PdfResult =
  | ({ ok: true; width: number; height: number; rgba: Uint8Array; jpegs: Uint8Array[] } & PdfDocumentFacts)
  | { ok: false; message: string };
