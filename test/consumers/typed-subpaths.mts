// The subpaths' declarations, as a TypeScript host sees them.
import { openRegister, type RegisteredCertificate, type CertificateRecord } from 'suket/register';
import { verifySeal, type SealVerdict, type TrustList } from 'suket/seal';
import { signPdf, type PdfSignOptions } from 'suket/signature';

export const open: (location: string) => Promise<unknown> = openRegister;
export const numberOf = (c: RegisteredCertificate): string => c.number;
export const statusOf = (r: CertificateRecord): string => r.status;
export const check = (text: string, trustList: TrustList): SealVerdict => verifySeal(text, { trustList });
export const sign = (pdf: Uint8Array, o: PdfSignOptions): Promise<Uint8Array> => signPdf(pdf, o);
