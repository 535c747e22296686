/**
 * The service's reading of what is sent to /v1/verify (issue 33, High 2 and
 * Medium 4), over HTTP to a real `suket serve` with one reading thread and a
 * queue of two: the main thread stays free while pictures are read, beyond
 * the queue the answer is 503 with Retry-After, and a file that takes too
 * long is stopped with its thread, which is replaced. The memory bound under
 * 64 concurrent verifies is measured in `npm run bench` (bench/verify.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slowPdf } from './hostile-pdf.js';
import { CLI, issueBody, officeFolder, post, startServer, type Server } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-readers-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let server: Server;
let key: string;
let certificate: Buffer;
/** A 3000 x 3000 photo of noise: zxing's most thorough search finds nothing in it after a second or more of work. */
let noise: Buffer;

beforeAll(async () => {
  const { photo, resident } = await officeFolder(dir, run);
  const r = run(['serve', 'keys', 'add', 'loket', '--scope', 'issue,verify', '--office', 'office.json']);
  expect(r.code, r.err).toBe(0);
  key = r.out.trim();
  server = await startServer(['--office', 'office.json'], dir, { SUKET_THREADS: '1', SUKET_QUEUE: '2' });
  const issued = await post(`${server.url}/v1/certificates`, key, issueBody(resident, photo), { accept: 'application/json' });
  expect(issued.status).toBe(201);
  certificate = Buffer.from(((await issued.json()) as { pdf: string }).pdf, 'base64');
  noise = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 90 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const verify = (body: Uint8Array, type: string) => post(`${server.url}/v1/verify`, key, body, { 'content-type': type });

/** Times each request from the start: when its answer came, and what it was. */
async function timed<T>(start: number, request: Promise<T>): Promise<{ at: number; answer: T }> {
  const answer = await request;
  return { at: performance.now() - start, answer };
}

describe('reading runs in its own threads, bounded', () => {
  it('the main thread answers /health throughout while three photos are read (Medium 4: zxing ran on it)', async () => {
    const start = performance.now();
    const reads = [0, 1, 2].map(() =>
      timed(
        start,
        verify(noise, 'image/jpeg').then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    let done = false;
    void Promise.all(reads).then(() => {
      done = true;
    });
    // Health asked again as soon as answered: the longest wait between answers is how long the main thread was taken.
    const answered: number[] = [];
    while (!done) {
      const r = await fetch(`${server.url}/health`);
      expect(r.status).toBe(200);
      answered.push(performance.now() - start);
    }
    const results = await Promise.all(reads);
    for (const { answer } of results) expect(answer).toMatchObject({ status: 200, body: { valid: false, message: 'no QR code found' } });
    const firstRead = Math.min(...results.map((r) => r.at));
    const longestGap = Math.max(...answered.map((t, i) => t - (answered[i - 1] ?? 0)));
    // One photo's search takes the main thread for most of its reading when it runs there; in a thread, the main thread
    // is free all along. A quarter leaves room for a loaded machine on both sides.
    expect(longestGap, `health waited ${Math.round(longestGap)} ms; the first photo took ${Math.round(firstRead)} ms`).toBeLessThan(firstRead / 4);
  }, 60_000);

  it('beyond one reading and two waiting, the answer is 503 with Retry-After; the admitted ones are read', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => verify(noise, 'image/jpeg')));
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    expect(busy[0]!.headers.get('retry-after')).toBe('1');
    expect(await busy[0]!.json()).toMatchObject({ error: 'BUSY', message: expect.stringContaining('reading thread') });
  }, 60_000);

  it('a PDF that renders for minutes is stopped at 10 s with its thread; the next one is read by its replacement', async () => {
    const slow = await verify(slowPdf(), 'application/pdf');
    expect(slow.status).toBe(422);
    expect(((await slow.json()) as { issues: Array<{ message: string }> }).issues[0]!.message).toMatch(/took longer than 10 s to read and was stopped/);
    const genuine = await verify(certificate, 'application/pdf');
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toMatchObject({ valid: true, photo: 'match' });
  }, 60_000);
});
