/**
 * The register checks a certificate's input once (issue 35: it checked it,
 * then the renderer checked it all again, three times in all): it is
 * validated, numbered and printed as validated. Seen from outside by a
 * getter on the resident's address, which the spread copies of the resident
 * share: each validation reads it once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRegister } from '../src/index.js';
import { sampleIssuance, samplePortrait, sampleResident } from '../src/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sample resident whose address counts how often its RT is read. */
function counted(): { resident: Record<string, unknown>; reads: () => number } {
  const base = sampleResident();
  let reads = 0;
  const address = { ...base.address };
  const rt = address.rt;
  Object.defineProperty(address, 'rt', {
    enumerable: true,
    get: () => {
      reads++;
      return rt;
    },
  });
  return { resident: { ...base, address }, reads: () => reads };
}

describe('a certificate the register issues', () => {
  it('is validated once, then numbered and printed as validated', async () => {
    const register = await openRegister(join(dir, 'suket.db'));
    try {
      const { sequence: _s, ...office } = sampleIssuance();
      const { resident, reads } = counted();
      const cert = await register.issue({ ...resident, photo: await samplePortrait() }, { issuance: office });
      expect(cert.number).toBe('471.13/0001/Disdukcapil/XI/2026');
      expect(cert.resident.address.rt).toBe('003');
      expect(reads()).toBe(1);
    } finally {
      await register.close();
    }
  });
});
