/**
 * The service against the second security review (issue 33), each attack as
 * the review made it, over HTTP to a real `suket serve` process: keys checked
 * before a body is read, small bodies where no photo goes, prototype keys,
 * certificates that belong to the client that issued them, what a client may
 * choose of an issuance, URLs Fastify itself refuses, and idempotency keys
 * reused with other details.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, issueBody, logLinesWith, officeFolder, post, startServer, type Server } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-hard33-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const key = (name: string, scopes: string) => {
  const r = run(['serve', 'keys', 'add', name, '--scope', scopes, '--office', 'office.json']);
  expect(r.code, r.err).toBe(0);
  return r.out.trim();
};

let server: Server;
let photo: Uint8Array;
let person: Record<string, unknown>;
const keys: Record<string, string> = {};
let serial = 300;
const someone = () => ({ ...person, nik: `327404570890${String(serial++).padStart(4, '0')}` });
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10); // Asia/Jakarta

beforeAll(async () => {
  ({ photo, resident: person } = await officeFolder(dir, run));
  keys.a = key('loket-a', 'issue,read,void,verify');
  keys.b = key('loket-b', 'issue,read,void');
  keys.voidOnly = key('hanya-batal', 'void');
  keys.audit = key('pengawas', 'read:any,void:any');
  server = await startServer(['--office', 'office.json'], dir, { SUKET_THREADS: '1' });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** Sends headers and the first bytes of a large body, then waits: the answer, if one comes before the body does. */
function firstBytesThenWait(path: string, headers: Record<string, string>, declared: number, waitMs = 3_000): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: ${declared}\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n${'{"resident":{"name":"'.padEnd(1000, 'A')}`,
    );
    setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, waitMs);
  });
}

describe('1. a key is checked before any body is read', () => {
  it('no key, a wrong key, a key without the scope: 401/403 while the 8 MB body has not even been sent', async () => {
    const json = { 'content-type': 'application/json' };
    const size = 8 * 1024 * 1024 - 1;
    expect(await firstBytesThenWait('/v1/certificates', json, size)).toMatch(/^HTTP\/1\.1 401/);
    expect(await firstBytesThenWait('/v1/certificates', { ...json, authorization: 'Bearer sk_nope_0000000000000000' }, size)).toMatch(/^HTTP\/1\.1 401/);
    expect(await firstBytesThenWait('/v1/certificates', { ...json, authorization: `Bearer ${keys.voidOnly}` }, size)).toMatch(/^HTTP\/1\.1 403/);
    expect(await firstBytesThenWait('/v1/verify', { 'content-type': 'application/pdf' }, size)).toMatch(/^HTTP\/1\.1 401/);
    expect(await firstBytesThenWait('/v1/certificates/search', json, 60_000)).toMatch(/^HTTP\/1\.1 401/);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('prototype keys are refused (anywhere in the body); routes that take no photo take no large body', async () => {
    const proto = `{"resident":{"name":"X"},"__proto__":{"admin":true}}`;
    const ctor = `{"resident":{"constructor":{"prototype":{"admin":true}}}}`;
    for (const body of [proto, ctor]) {
      const r = await post(`${server.url}/v1/certificates`, keys.a!, body);
      expect(r.status, body).toBe(400);
      expect(await r.json()).toMatchObject({ error: 'BAD_REQUEST' });
    }
    const big = JSON.stringify({ reason: 'x'.repeat(100_000) });
    expect((await post(`${server.url}/v1/certificates/X%2F1/void`, keys.a!, big)).status).toBe(413);
    expect((await post(`${server.url}/v1/certificates/search`, keys.a!, JSON.stringify({ name: 'x'.repeat(100_000) }))).status).toBe(413);
  });
});

describe('6. a certificate belongs to the client that issued it', () => {
  it('another client neither reads, finds nor voids it (404, as if absent); read:any and void:any may; a void answers no personal data', async () => {
    const mine = someone();
    const issued = (await (await post(`${server.url}/v1/certificates`, keys.a!, issueBody(mine, photo), { accept: 'application/json' })).json()) as {
      number: string;
    };
    const at = `${server.url}/v1/certificates/${encodeURIComponent(issued.number)}`;
    const get = (k: string) => fetch(at, { headers: { authorization: `Bearer ${k}`, accept: 'application/json' } });
    expect((await get(keys.a!)).status).toBe(200);
    expect((await get(keys.b!)).status).toBe(404);
    expect((await get(keys.audit!)).status).toBe(200);
    const found = async (k: string) =>
      ((await (await post(`${server.url}/v1/certificates/search`, k, JSON.stringify({ nik: mine.nik }))).json()) as { records: unknown[] }).records.length;
    expect(await found(keys.a!)).toBe(1);
    expect(await found(keys.b!)).toBe(0);
    expect(await found(keys.audit!)).toBe(1);
    const voidBy = (k: string) => post(`${at}/void`, k, JSON.stringify({ reason: 'salah ketik' }));
    expect((await voidBy(keys.b!)).status).toBe(404);
    expect((await voidBy(keys.voidOnly!)).status).toBe(404);
    const voided = await voidBy(keys.audit!);
    expect(voided.status).toBe(200);
    const answer = (await voided.json()) as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual(['number', 'status', 'voidedAt']);
    expect(JSON.stringify(answer)).not.toContain(String(mine.nik));
  });
});

describe('5. the office decides what a client may choose', () => {
  it('backdating, a long validity, a signatory or a number: 422 naming each field, and no number is taken', async () => {
    const ask = (issuance: Record<string, unknown>) => post(`${server.url}/v1/certificates`, keys.a!, issueBody(someone(), photo, { issuance }));
    const count = async () =>
      ((await (await post(`${server.url}/v1/certificates/search`, keys.audit!, JSON.stringify({}))).json()) as { records: unknown[] }).records.length;
    const before = await count();
    const r = await ask({
      issuedAt: '2021-12-01',
      validUntil: '2499-12-31',
      signatory: { name: 'ORANG LAIN', title: 'KEPALA' },
      number: '471.13/9999/Disdukcapil/XII/2026',
    });
    expect(r.status).toBe(422);
    const issues = ((await r.json()) as { issues: Array<{ path: string; code: string }> }).issues.map((i) => `${i.path}:${i.code}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'issuance.issuedAt:not_allowed',
        'issuance.validUntil:not_allowed',
        'issuance.signatory:not_allowed',
        'issuance.number:not_allowed',
      ]),
    );
    expect((await ask({ validMonths: 24 })).status).toBe(422);
    expect(await count()).toBe(before);
    // Within the bounds: today, six months, a place.
    expect((await ask({ issuedAt: today(), validMonths: 6, place: 'Cirebon' })).status).toBe(201);
  });
});

describe('3. verifying a PDF checks the whole file', () => {
  it('/v1/verify: the issued PDF is valid; with a revision drawn over it, document_changed', async () => {
    const issued = (await (await post(`${server.url}/v1/certificates`, keys.a!, issueBody(someone(), photo), { accept: 'application/json' })).json()) as {
      pdf: string;
    };
    const pdf = new Uint8Array(Buffer.from(issued.pdf, 'base64'));
    const check = async (bytes: Uint8Array) =>
      (await (await post(`${server.url}/v1/verify`, keys.a!, bytes, { 'content-type': 'application/pdf' })).json()) as { valid: boolean; reason?: string };
    expect(await check(pdf)).toMatchObject({ valid: true });
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf') as mupdf.PDFDocument;
    const note = (doc.loadPage(0) as mupdf.PDFPage).createAnnotation('FreeText');
    note.setRect([150, 260, 450, 280]);
    note.setContents('NAMA : BUDI SANTOSO');
    note.update();
    expect(await check(doc.saveToBuffer('incremental').asUint8Array())).toMatchObject({ valid: false, reason: 'document_changed' });
  });
});

describe('11-13. URLs Fastify refuses, the void log, idempotency keys', () => {
  it("a malformed URL or an over-long path value: 400 in the service's shape, quoting nothing; the log holds no NIK", async () => {
    const nik = '3274045708909999';
    const auth = { authorization: `Bearer ${keys.a}` };
    const bad = await fetch(`${server.url}/v1/certificates/${nik}%ZZ`, { headers: auth });
    const long = await fetch(`${server.url}/v1/certificates/${nik}${'x'.repeat(400)}`, { headers: auth });
    for (const r of [bad, long]) {
      expect(r.status).toBe(400);
      const text = await r.text();
      expect(JSON.parse(text)).toMatchObject({ error: 'BAD_REQUEST' });
      expect(text).not.toContain(nik);
    }
    // A NIK put where a number goes, on void: not found, and not logged as a number.
    const v = await post(`${server.url}/v1/certificates/${nik}/void`, keys.a!, JSON.stringify({ reason: 'uji' }));
    expect(v.status).toBe(404);
    const lines = await logLinesWith(server, (l) => l.route === '/v1/certificates/:number/void' && l.status === 404);
    expect(JSON.stringify(lines)).not.toContain(nik);
    expect(server.log() + server.stderr()).not.toContain(nik);
  });

  it('the same Idempotency-Key with another validity or issue day: 409, not a silent replay', async () => {
    const resident = someone();
    const send = (issuance: Record<string, unknown>) =>
      post(`${server.url}/v1/certificates`, keys.a!, issueBody(resident, photo, { issuance }), { 'idempotency-key': 'loket-a-42', accept: 'application/json' });
    const first = await send({ validMonths: 6 });
    expect(first.status).toBe(201);
    const again = await send({ validMonths: 6 });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { repeated: boolean }).repeated).toBe(true);
    const other = await send({ validMonths: 3 });
    expect(other.status).toBe(409);
    const issues = ((await other.json()) as { issues: Array<{ path: string; code: string }> }).issues;
    expect(issues[0]).toMatchObject({ path: 'idempotencyKey', code: 'conflict' });
    expect((await send({ issuedAt: today(), validMonths: 6 })).status).toBe(409);
  });
});
