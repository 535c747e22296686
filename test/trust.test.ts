/**
 * Published lists: a trust list signed by the office's root key, a
 * revocation list from the register signed by a seal key, read back by
 * verifySeal; wrong roots, changed bytes, stale lists, rollover, deltas.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateSealKeys,
  mergeRevocations,
  openRegister,
  openRevocations,
  openTrustList,
  revocationEntry,
  signRevocations,
  signTrustList,
  verifySeal,
  type SuketError,
} from '../src/index.js';
import { sampleIssuance } from '../src/sample.js';
import { failure, resident } from './helpers.js';

const root = generateSealKeys();
const otherRoot = generateSealKeys();
const sealA = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2026-12-31' });
const sealB = generateSealKeys({ notBefore: '2026-12-01', notAfter: '2027-12-31' });
const edition = { issuer: 'DISDUKCAPIL KOTA CIREBON', issuedAt: '2026-12-01', nextUpdate: '2027-03-01' };
const { sequence: _s, ...office } = sampleIssuance();

const signed = () => signTrustList({ ...edition, sequence: 4, keys: [sealA.publicJwk, sealB.publicJwk] }, { privateKey: root.privateKeyPem });
const decodePayload = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));

async function issueOn(day: string, key: typeof sealA, nik?: string) {
  const register = await openRegister(join(mkdtempSync(join(tmpdir(), 'suket-trust-')), 'suket.db'));
  const c = await register.issue(await resident(nik ? { nik } : {}), {
    issuance: { ...office, issuedAt: day },
    seal: { privateKey: key.privateKeyPem, notBefore: key.publicJwk.notBefore, notAfter: key.publicJwk.notAfter },
  });
  return { register, c };
}

describe('signed trust list', () => {
  it('verifySeal takes the signed list with its root, and says which edition it used; two seal keys overlap for rollover', async () => {
    const jws = await signed();
    expect(jws.split('.')).toHaveLength(3);
    expect(await signed()).toBe(jws); // the same content gives the same bytes
    const { register, c: fromA } = await issueOn('2026-12-15', sealA);
    const { c: fromB } = await issueOn('2026-12-15', sealB);
    for (const c of [fromA, fromB]) {
      const v = verifySeal(c.barcodeText, { trustList: jws, roots: [root.publicJwk], today: '2026-12-20' });
      expect(v).toMatchObject({ valid: true, lists: { trustList: { issuer: edition.issuer, sequence: 4, stale: false, signedBy: root.publicJwk.kid } } });
    }
    await register.close();
  });

  it('a list past its next update still verifies, with the warning; a list from the future is refused', async () => {
    const jws = await signed();
    const { register, c } = await issueOn('2026-12-15', sealB);
    const late = verifySeal(c.barcodeText, { trustList: jws, roots: [root.publicJwk], today: '2027-03-02' });
    expect(late).toMatchObject({ valid: true, lists: { trustList: { stale: true, nextUpdate: '2027-03-01' } } });
    const e = (() => {
      try {
        verifySeal(c.barcodeText, { trustList: jws, roots: [root.publicJwk], today: '2026-11-30' });
      } catch (x) {
        return x as SuketError;
      }
    })();
    expect(e?.issues[0]).toMatchObject({ path: 'trustList.issuedAt', code: 'list_format' });
    await register.close();
  });

  it('signed by another root, changed by one character, or of the wrong kind: refused, naming why', async () => {
    const jws = await signed();
    const open = (text: string, roots = [root.publicJwk]) => {
      try {
        openTrustList(text, roots, '2026-12-20');
      } catch (x) {
        return (x as SuketError).issues[0];
      }
    };
    expect(open(jws, [otherRoot.publicJwk])).toMatchObject({ code: 'list_signature', message: 'is not signed by a trusted root key' });
    const forged = await signTrustList({ ...edition, sequence: 5, keys: [sealA.publicJwk] }, { privateKey: otherRoot.privateKeyPem });
    // The forger names the real root's kid: the signature still has to match.
    const [h, p, sig] = forged.split('.');
    const header = { ...JSON.parse(Buffer.from(h!, 'base64url').toString()), kid: root.publicJwk.kid };
    expect(open(`${Buffer.from(JSON.stringify(header)).toString('base64url')}.${p}.${sig}`)).toMatchObject({ code: 'list_signature' });
    const payload = Buffer.from(jws.split('.')[1]!, 'base64url').toString().replace('"sequence":4', '"sequence":9');
    expect(open(`${jws.split('.')[0]}.${Buffer.from(payload).toString('base64url')}.${jws.split('.')[2]}`)).toMatchObject({ code: 'list_signature' });
    expect(open('not a list')).toMatchObject({ code: 'list_format' });
    expect(() => verifySeal('SK1:X', { trustList: jws, today: '2026-12-20' })).toThrow(/root public keys/);
  });

  it('refuses to sign a list with a private key in it or dates that do not follow', async () => {
    const withSecret = { ...sealA.publicJwk, d: 'AAAA' };
    expect((await failure(signTrustList({ ...edition, sequence: 1, keys: [withSecret] }, { privateKey: root.privateKeyPem }))).code).toBe('INVALID_KEY');
    const e = await failure(signTrustList({ ...edition, nextUpdate: '2026-11-01', sequence: 1, keys: [] }, { privateKey: root.privateKeyPem }));
    expect(e.issues[0]).toMatchObject({ path: 'nextUpdate', message: 'must be after issuedAt' });
  });
});

describe('signed revocation list', () => {
  it('built from the register: a voided certificate reads DICABUT (revoked), the others stay valid; numbers are not in clear', async () => {
    const trust = await signed();
    const { register, c: voided } = await issueOn('2026-12-15', sealB);
    const kept = await register.issue(await resident({ nik: '3274045708900043' }), {
      issuance: { ...office, issuedAt: '2026-12-15' },
      seal: { privateKey: sealB.privateKeyPem },
    });
    await register.void(voided.number, 'salah ketik nama');
    const jws = await signRevocations({ ...edition, revocations: await register.revocations() }, { privateKey: sealB.privateKeyPem });
    expect(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).not.toContain(voided.number);
    expect(decodePayload(jws)).toMatchObject({ sequence: 1, since: 0, entries: [expect.stringMatching(/^[A-Za-z0-9_-]{22}$/)] });
    const options = { trustList: trust, roots: [root.publicJwk], revocations: jws, today: '2026-12-20' };
    expect(verifySeal(voided.barcodeText, options)).toMatchObject({ valid: false, reason: 'revoked', lists: { revocations: { sequence: 1 } } });
    expect(verifySeal(kept.barcodeText, options)).toMatchObject({ valid: true });
    await register.close();
  });

  it('signed by a key outside the trust list: refused; a delta extends the held list and only the held edition', async () => {
    const trust = openTrustList(await signed(), [root.publicJwk], '2026-12-20').trustList;
    const outsider = generateSealKeys();
    const revocations = [
      { number: 'A/1', office: '3274', voidedAt: '2026-12-02T01:00:00.000Z', replacedBy: null },
      { number: 'A/2', office: '3274', voidedAt: '2026-12-03T01:00:00.000Z', replacedBy: null },
      { number: 'A/3', office: '3274', voidedAt: '2026-12-04T01:00:00.000Z', replacedBy: 'A/4' },
    ];
    const bad = await signRevocations({ ...edition, revocations }, { privateKey: outsider.privateKeyPem });
    expect(() => openRevocations(bad, trust.keys, '2026-12-20')).toThrow(/is not signed by a key of the trust list/);
    const full = openRevocations(
      await signRevocations({ ...edition, revocations: revocations.slice(0, 2) }, { privateKey: sealA.privateKeyPem }),
      trust.keys,
      '2026-12-20',
    );
    const delta = openRevocations(await signRevocations({ ...edition, revocations, since: 2 }, { privateKey: sealA.privateKeyPem }), trust.keys, '2026-12-20');
    expect(delta.payload.entries).toHaveLength(1);
    const merged = mergeRevocations({ sequence: full.payload.sequence, entries: full.payload.entries }, delta.payload);
    expect(merged.sequence).toBe(3);
    expect(merged.entries).toEqual(
      openRevocations(await signRevocations({ ...edition, revocations }, { privateKey: sealA.privateKeyPem }), trust.keys, '2026-12-20').payload.entries,
    );
    expect(() => mergeRevocations({ sequence: 1, entries: [] }, delta.payload)).toThrow(/fetch the full list/);
  });

  it('a revocation list is refused when signed by a retired key, named for another office, or given with a plain key set', async () => {
    const trust = await signed();
    const opened = openTrustList(trust, [root.publicJwk], '2027-01-10');
    const revocations = [{ number: 'A/1', office: '3274', voidedAt: '2026-12-02T01:00:00.000Z', replacedBy: null }];
    // sealA's window ends 2026-12-31: it signed lists until then, and signs none after.
    const late = { ...edition, issuedAt: '2027-01-05', nextUpdate: '2027-02-01' };
    const retired = await signRevocations({ ...late, revocations }, { privateKey: sealA.privateKeyPem });
    expect(() => openRevocations(retired, opened.trustList.keys, '2027-01-10')).toThrow(/outside its signing window/);
    const options = { trustList: trust, roots: [root.publicJwk], today: '2027-01-10' };
    expect((await failure(Promise.resolve().then(() => verifySeal('SK1:', { ...options, revocations: retired })))).issues[0]).toMatchObject({
      path: 'revocations',
      code: 'list_signature',
    });
    expect(() => openRevocations(retired, opened.trustList.keys, '2027-01-10', { issuer: edition.issuer })).toThrow(/outside its signing window/);
    const current = await signRevocations({ ...late, revocations }, { privateKey: sealB.privateKeyPem });
    expect(openRevocations(current, opened.trustList.keys, '2027-01-10', { issuer: edition.issuer }).entries.size).toBe(1);
    // Another office's name on a list signed with this office's key: not this office's list.
    const foreign = await signRevocations({ ...late, issuer: 'DISDUKCAPIL KABUPATEN CIREBON', revocations }, { privateKey: sealB.privateKeyPem });
    expect(() => verifySeal('SK1:', { ...options, revocations: foreign })).toThrow(/names another office/);
    // A plain key set (several offices' keys merged) says whose keys they are not: revocations are not read with it.
    const merged = { keys: [sealA.publicJwk, sealB.publicJwk, generateSealKeys().publicJwk] };
    expect(() => verifySeal('SK1:', { trustList: merged, revocations: current, today: '2027-01-10' })).toThrow(/signed trust list/);
  });

  it('never backwards: an older trust list or revocation list than one accepted is refused, so a removed key or a revocation stays so', async () => {
    const leaked = generateSealKeys({ notBefore: '2026-01-01', notAfter: '2027-12-31' });
    const one = await signTrustList({ ...edition, sequence: 1, keys: [leaked.publicJwk, sealB.publicJwk] }, { privateKey: root.privateKeyPem });
    const two = await signTrustList({ ...edition, issuedAt: '2026-12-10', sequence: 2, keys: [sealB.publicJwk] }, { privateKey: root.privateKeyPem });
    const { register, c: forged } = await issueOn('2026-12-15', leaked);
    const base = { roots: [root.publicJwk], today: '2026-12-20' };
    const seen = verifySeal(forged.barcodeText, { ...base, trustList: two });
    expect(seen).toMatchObject({ valid: false, reason: 'unknown_key', lists: { trustList: { sequence: 2 } } });
    const accepted = { trustList: seen.lists!.trustList! };
    // Edition 1, still root-signed and not stale, would pass the leaked key: refused.
    expect(verifySeal(forged.barcodeText, { ...base, trustList: one }).valid).toBe(true);
    const e = await failure(Promise.resolve().then(() => verifySeal(forged.barcodeText, { ...base, trustList: one, accepted })));
    expect(e.issues[0]).toMatchObject({ path: 'trustList', code: 'list_rollback', message: expect.stringContaining('older than edition 2') });
    expect(() => openTrustList(one, [root.publicJwk], '2026-12-20', accepted.trustList)).toThrow(/older than edition 2/);
    // The same edition is taken again; the same edition signed on an earlier day is not.
    expect(verifySeal(forged.barcodeText, { ...base, trustList: two, accepted }).valid).toBe(false);
    expect(() => openTrustList(two, [root.publicJwk], '2026-12-20', { sequence: 2, issuedAt: '2026-12-11' })).toThrow(/list_rollback|older/);
    // Revocations: edition 1 revokes the paper; edition 0 served after it is refused, by verifySeal and by mergeRevocations.
    const { c: paper } = await issueOn('2026-12-15', sealB, '3274045708900043');
    const r0 = await signRevocations({ ...edition, revocations: [] }, { privateKey: sealB.privateKeyPem });
    const r1 = await signRevocations(
      {
        ...edition,
        issuedAt: '2026-12-16',
        revocations: [{ number: paper.number, office: office.office.regionCode, voidedAt: '2026-12-16T01:00:00.000Z', replacedBy: null }],
      },
      { privateKey: sealB.privateKeyPem },
    );
    const revoked = verifySeal(paper.barcodeText, { ...base, trustList: two, revocations: r1 });
    expect(revoked).toMatchObject({ valid: false, reason: 'revoked' });
    expect(verifySeal(paper.barcodeText, { ...base, trustList: two, revocations: r0 }).valid).toBe(true);
    expect(() => verifySeal(paper.barcodeText, { ...base, trustList: two, revocations: r0, accepted: { revocations: revoked.lists!.revocations! } })).toThrow(
      /older than edition 1/,
    );
    const held = openRevocations(r1, openTrustList(two, [root.publicJwk], '2026-12-20').trustList.keys, '2026-12-20').payload;
    const old = openRevocations(r0, openTrustList(two, [root.publicJwk], '2026-12-20').trustList.keys, '2026-12-20').payload;
    expect(() => mergeRevocations(held, old)).toThrow(/older than edition 1/);
    expect(mergeRevocations(held, held)).toEqual({ sequence: 1, entries: held.entries });
    await register.close();
  });

  it("the service's own list: signed again when a certificate is voided and on a new day (next update two days on), the same bytes otherwise", async () => {
    const { PublishedRevocations } = await import('../src/serve/hosted-verifier.js');
    const voided: Array<{ number: string; office: string; voidedAt: string; replacedBy: null }> = [];
    const published = new PublishedRevocations({ dir: '.', issuer: edition.issuer, key: { privateKey: sealB.privateKeyPem } }, async () => [...voided]);
    const keys = openTrustList(await signed(), [root.publicJwk], '2026-12-20').trustList.keys;
    const open = (jws: string, day: string) => openRevocations(jws, keys, day, { issuer: edition.issuer });
    const first = await published.get('2026-12-05');
    expect(await published.get('2026-12-05')).toBe(first);
    expect(open(first, '2026-12-05').payload).toMatchObject({ issuedAt: '2026-12-05', nextUpdate: '2026-12-07', sequence: 0 });
    voided.push({ number: 'A/1', office: '3274', voidedAt: '2026-12-05T03:00:00.000Z', replacedBy: null });
    const afterVoid = open(await published.get('2026-12-05'), '2026-12-05');
    expect(afterVoid.payload.sequence).toBe(1);
    expect(afterVoid.entries.has(revocationEntry('3274', 'A/1'))).toBe(true);
    const nextDay = open(await published.get('2026-12-06'), '2026-12-06');
    expect(nextDay.payload).toMatchObject({ issuedAt: '2026-12-06', nextUpdate: '2026-12-08', sequence: 1 });
    // A phone that kept yesterday's edition takes today's (same sequence, a later day), and refuses yesterday's after it.
    const today = await published.get('2026-12-06');
    expect(openRevocations(today, keys, '2026-12-06', { accepted: afterVoid.status }).payload.issuedAt).toBe('2026-12-06');
    expect(() => openRevocations(first, keys, '2026-12-06', { accepted: nextDay.status })).toThrow(/older than edition 1/);
  });

  it('the reader needs no Node module: the lists and JWS code import nothing from node:', () => {
    for (const f of ['../src/trust/jws.ts', '../src/trust/lists.ts', '../src/errors.ts'])
      expect(readFileSync(new URL(f, import.meta.url), 'utf8')).not.toMatch(/from ['"]node:/);
  });
});
