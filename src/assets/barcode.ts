/** The QR module matrix for the barcode box; drawing it is the drawing stage's job. */
import { encodeQr, type EcLevel, type QrMatrix } from './qr.js';

export type { EcLevel, QrMatrix };

export function qrMatrix(text: string, ecLevel: EcLevel): QrMatrix {
  return encodeQr(text, ecLevel);
}
