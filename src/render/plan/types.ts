/** The plan stage's types, apart from the planning: the elements and the drawing stage name them without a cycle. */
import type { Issue } from '../../errors.js';
import type { QrMatrix } from '../../codecs/qr.js';

/** What layout needs to know before the photo and seal are ready. */
export interface LayoutAssets {
  /** The photo's size in pixels when one will be drawn in the photo box (the JPEG is always exactly this size). */
  photo: false | { width: number; height: number };
  /** The barcode: modules per side, whether it carries a signed seal, and whether that follows the verifier page's link. */
  barcode?: { size: number; sealed: boolean; linked: boolean; draft: boolean };
  logo?: Uint8Array;
  /** A draft: KONSEP across the page, no number, no seal. */
  draft?: boolean;
  /** The PDF will be signed: the template's signature mark is printed. */
  signed?: boolean;
  /** A specimen: SPESIMEN across the page. */
  specimen?: boolean;
}

/** What the drawing stage fills in last. */
export interface LateAssets {
  photo?: { jpeg: Uint8Array; width: number; height: number };
  qr?: QrMatrix;
  /** The PDF's file identifier: 16 bytes from the certificate's content. */
  fileId: Uint8Array;
}

export interface PlannedAssets {
  layout: LayoutAssets;
  late: Promise<LateAssets>;
  /** The barcode text ('SK1:...' when sealed), once the photo and seal are done. */
  barcodeText: Promise<string>;
  /** Doubts found while preparing (a photo too small to print sharp). */
  warnings: Promise<Issue[]>;
}
