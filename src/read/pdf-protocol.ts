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

export type PdfResult = { ok: true; width: number; height: number; rgba: Uint8Array; jpegs: Uint8Array[] } | { ok: false; message: string };
