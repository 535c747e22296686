/**
 * The bytes suket prints, pinned (issue 35): a set of certificates (each
 * template on each paper, sealed and not, a draft, without PDF/A and
 * tags, and three issued through a register: the pattern's next number, a
 * number given by hand, a second one) rendered by the built package from
 * fixed input, their SHA-256s
 * committed in `test/golden/pdf-sha256.json`. An upgrade of pdfkit, fontkit
 * or sharp, or a change to layout or drawing, that moves one byte fails
 * here, naming the certificate. When the change is meant:
 *   npm run golden        (rebuilds, rewrites the file; commit it with the why)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCertificate, openRegister, type GenerateOptions } from '../dist/index.js';
import { sampleIssuance, samplePortrait, sampleResident } from '../dist/sample.js';

const FILE = new URL('./golden/pdf-sha256.json', import.meta.url);
const seal = { privateKey: readFileSync(new URL('./golden/seal.key.pem', import.meta.url), 'utf8') };

/** The certificates pinned, by name: options over the sample resident and issuance. */
const CASES: Readonly<Record<string, GenerateOptions>> = {
  'suket-ktp-el F4 sealed': { template: 'suket-ktp-el', paper: 'F4', seal },
  'suket-ktp-el A4 sealed': { template: 'suket-ktp-el', paper: 'A4', seal },
  'surat-domisili A4 sealed': { template: 'surat-domisili', paper: 'A4', seal },
  'surat-domisili F4 sealed': { template: 'surat-domisili', paper: 'F4', seal },
  'suket-ktp-el F4 unsealed': { template: 'suket-ktp-el', paper: 'F4' },
  'suket-ktp-el F4 draft': { template: 'suket-ktp-el', paper: 'F4', seal, draft: true },
  'suket-ktp-el F4 plain (no PDF/A, no tags)': { template: 'suket-ktp-el', paper: 'F4', seal, pdfA: false, tagged: false },
};

async function digests(): Promise<Record<string, string>> {
  const photo = await samplePortrait();
  const out: Record<string, string> = {};
  for (const [name, options] of Object.entries(CASES)) {
    const pdf = await generateCertificate({ ...sampleResident(), photo }, { issuance: sampleIssuance(), ...options });
    out[name] = createHash('sha256').update(pdf).digest('hex');
  }
  return { ...out, ...(await issuedDigests(photo)) };
}

/** Certificates the register issues: it checks the input, takes the number and renders, all in this thread. */
async function issuedDigests(photo: Uint8Array): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'suket-golden-'));
  const register = await openRegister(join(dir, 'suket.db'));
  try {
    const { sequence: _s, ...office } = sampleIssuance();
    // One resident three times: the second and third with a reason, as the register asks.
    const issue = (issuance: object, secondReason?: string) =>
      register.issue({ ...sampleResident(), photo }, { issuance: { ...office, ...issuance }, seal, ...(secondReason ? { secondReason } : {}) });
    const first = await issue({});
    const byHand = await issue({ number: ' 471.13/7/Disdukcapil/XI/2026 ' }, 'golden bytes');
    const second = await issue({ place: 'Kota  Cirebon' }, 'golden bytes');
    return { "register: the pattern's first number": first.sha256, 'register: a number by hand': byHand.sha256, 'register: the next number': second.sha256 };
  } finally {
    await register.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the bytes suket prints', () => {
  it('are the committed ones, certificate by certificate (update on purpose with npm run golden)', async () => {
    const now = await digests();
    if (process.env.SUKET_GOLDEN_UPDATE === '1') writeFileSync(FILE, `${JSON.stringify(now, null, 2)}\n`);
    const committed = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
    const changed = Object.keys({ ...committed, ...now }).filter((name) => committed[name] !== now[name]);
    expect(changed, `these certificates' bytes changed; if that is meant, run npm run golden and commit test/golden/pdf-sha256.json with why`).toEqual([]);
  });
});
