/** `suket batch --print-file`: every certificate of the batch folder in one PDF, in row order, for one print job. */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';
import { mergePdfs } from '../../codecs/merge-pdf.js';
import { checkManifest, readOwn } from './ledger.js';

/**
 * Writes the print file (owner-only: it holds personal data) from the
 * folder's manifest, leaving out every certificate the register no longer
 * holds as issued (voided since, or replaced): a rerun never prints a paper
 * that is no longer valid.
 * @returns how many certificates it holds, and the numbers left out.
 * @example const { printed, leftOut } = await writePrintFile('hasil', 'cetak.pdf', (n) => register.get(n).then((r) => r?.status));
 */
export async function writePrintFile(
  outDir: string,
  file: string,
  statusOf: (number: string) => Promise<string | undefined>,
): Promise<{ printed: number; leftOut: string[] }> {
  const entries = (await checkManifest(outDir)).sort((a, b) => a.row - b.row);
  const pdfs: Uint8Array[] = [];
  const leftOut: string[] = [];
  for (const e of entries) {
    if ((await statusOf(e.number)) !== 'issued') leftOut.push(e.number);
    else pdfs.push(new Uint8Array((await readOwn(outDir, e.file))!));
  }
  await writeFileAtomic(resolve(file), mergePdfs(pdfs));
  return { printed: pdfs.length, leftOut };
}
