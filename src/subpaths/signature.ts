/**
 * `suket/signature`: the PDF's PAdES signature (a PKCS#12 file or an
 * external signer, an RFC 3161 time-stamp), for a host that signs PDFs
 * suket drew, or checks its signer before work, without the renderer.
 * @example
 * import { signPdf } from 'suket/signature';
 * const signed = await signPdf(pdf, { p12, passphrase });
 * @module suket/signature
 */
export { signPdf, prepareSigner } from '../sign/index.js';
export type { PdfSignOptions, ExternalPdfSigner, ReadySigner } from '../sign/index.js';
export type { AttributeSigner } from '../sign/cms.js';
export { SuketError, isSuketError } from '../errors.js';
export type { Issue, IssueCode, SuketErrorCode } from '../errors.js';
