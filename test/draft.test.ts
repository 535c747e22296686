/** Drafts before approval: KONSEP across the page, no number, no seal, nothing in the register. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSealKeys, issueCertificate, openRegister, verifySeal } from '../src/index.js';
import { samplePortrait, sampleIssuance, sampleResident } from '../src/sample.js';
import { decodeQrCodes, failure, fold, issuance, meanColour, pdfText, renderPdf, resident } from './helpers.js';

const keys = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
const seal = { privateKey: keys.privateKeyPem };
const dir = mkdtempSync(join(tmpdir(), 'suket-draft-'));

describe('a draft', async () => {
  const r = await resident();
  // The office's settings hold a seal key and a PDF signer: a draft uses neither (the passphrase here is wrong on purpose).
  const sign = { p12: new Uint8Array(10), passphrase: 'x' };
  const draft = await issueCertificate(r, { issuance: issuance(), seal, sign, draft: true });
  const final = await issueCertificate(r, { issuance: issuance(), seal });

  it('says KONSEP where the number goes and beside the code, and is neither sealed nor signed', async () => {
    expect(draft).toMatchObject({ draft: true, sealed: false, number: 'KONSEP' });
    const text = fold(pdfText(draft.pdf));
    expect(text).toContain('Nomor: KONSEP');
    expect(text).toContain('KONSEP - BELUM DISETUJUI');
    expect(text).toContain('Tidak berlaku sebagai pengganti KTP-el');
    expect(text).toContain('SEKAR AYU LARASATI');
    expect(Buffer.from(draft.pdf).toString('latin1')).not.toContain('/Type /Sig');
  });

  it('has a code any QR reader reads as a draft, which no verifier takes for a seal', async () => {
    const codes = await decodeQrCodes(draft.pdf);
    expect(codes).toEqual([draft.barcodeText]);
    expect(codes[0]).toMatch(/^KONSEP .*TIDAK BERSEGEL, TIDAK BERLAKU$/);
    expect(verifySeal(codes[0], { trustList: { keys: [keys.publicJwk] }, today: '2026-12-15' }).valid).toBe(false);
  });

  it('carries KONSEP across the page, red over the blank middle', () => {
    const d = renderPdf(draft.pdf, 60);
    const f = renderPdf(final.pdf, 60);
    // The blank band between the closing sentence and the signatory block, near the page's centre.
    const [dr, dg] = meanColour(d, 60, 215, 40, 10);
    const [fr, fg, fb] = meanColour(f, 60, 215, 40, 10);
    expect(Math.min(fr, fg, fb)).toBeGreaterThan(250);
    expect(dr - dg).toBeGreaterThan(8); // letters and the gaps between them
    expect(fold(pdfText(draft.pdf))).toContain('KONSEP');
  });

  it('is the same bytes for the same input', async () => {
    const again = await issueCertificate(r, { issuance: issuance(), seal, draft: true });
    expect(Buffer.from(again.pdf).equals(Buffer.from(draft.pdf))).toBe(true);
  });

  it('is refused by the register, which takes no number for it', async () => {
    const register = await openRegister(join(dir, 'r.db'));
    try {
      const e = await failure(register.issue(r, { issuance: issuance(), draft: true }));
      expect(e.issues).toEqual([expect.objectContaining({ path: 'draft', code: 'not_allowed' })]);
      expect((await register.issue(r, { issuance: issuance(), seal })).number).toBe('471.13/0001/Disdukcapil/XI/2026');
    } finally {
      await register.close();
    }
  });
});

describe('suket generate --draft', () => {
  it('writes the draft, says so, and opens no register', async () => {
    const { numbering, sequence: _s, issuedAt: _i, ...office } = sampleIssuance();
    writeFileSync(join(dir, 'office.json'), JSON.stringify({ issuance: { ...office, numbering } }));
    writeFileSync(join(dir, 'photo.jpg'), await samplePortrait());
    writeFileSync(join(dir, 'resident.json'), JSON.stringify({ ...sampleResident(), photo: 'photo.jpg' }));
    const cli = new URL('../dist/cli.js', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [cli, 'generate', 'resident.json', '--office', 'office.json', '--draft', '-o', 'konsep.pdf'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('a DRAFT (KONSEP): not numbered, not sealed, not signed, not recorded');
    expect(existsSync(join(dir, 'konsep.pdf'))).toBe(true);
    expect(existsSync(join(dir, 'suket.db'))).toBe(false);
  });
});
