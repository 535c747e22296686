/** `suket batch --print-file`: every certificate of the batch folder in one PDF, in row order, for one print job. */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../atomic.js';
import { mergePdfs } from '../../merge-pdf.js';
import { checkManifest, readOwn } from './ledger.js';

/**
 * Writes the print file (owner-only: it holds personal data) from the folder's manifest.
 * @returns how many certificates it holds.
 * @example const n = await writePrintFile('hasil', 'cetak.pdf');
 */
export async function writePrintFile(outDir: string, file: string): Promise<number> {
  const entries = (await checkManifest(outDir)).sort((a, b) => a.row - b.row);
  const pdfs: Uint8Array[] = [];
  for (const e of entries) pdfs.push(new Uint8Array((await readOwn(outDir, e.file))!));
  await writeFileAtomic(resolve(file), mergePdfs(pdfs));
  return entries.length;
}
