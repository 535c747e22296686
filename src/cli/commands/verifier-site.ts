/**
 * What a verifier site must hold to work on a phone, offline from the first
 * visit: the page, every script and stylesheet it loads, the service worker
 * and every file the worker keeps, the app manifest, the roots, and the lists
 * the office gave. `suket verifier build` checks the page it copies and the
 * site it wrote, so an incomplete site is never published with exit 0.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

const isFile = async (path: string) => (await stat(path).catch(() => undefined))?.isFile() ?? false;

/** The files the page and its worker name, relative to the site (from index.html's src/href and sw.js's FILES). */
async function namedFiles(dir: string): Promise<string[]> {
  const html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => '');
  const worker = await readFile(join(dir, 'sw.js'), 'utf8').catch(() => '');
  const fromHtml = [...html.matchAll(/\b(?:src|href)="\.\/([^"#?]+)"/g)].map((m) => m[1]!);
  const list = /const FILES = (\[[^\n]*\]);/.exec(worker)?.[1];
  const fromWorker = list ? (JSON.parse(list) as string[]) : [];
  return [...new Set([...fromHtml, ...fromWorker])];
}

/**
 * The files missing from a verifier site (empty when it is complete).
 * `extra` names files the site must also hold (config.json, the lists given).
 */
export async function missingFromSite(dir: string, extra: readonly string[] = []): Promise<string[]> {
  const required = ['index.html', 'sw.js', 'manifest.webmanifest', ...extra];
  const missing: string[] = [];
  for (const f of required) if (!(await isFile(join(dir, f)))) missing.push(f);
  if (missing.includes('index.html') || missing.includes('sw.js')) return missing;
  const worker = await readFile(join(dir, 'sw.js'), 'utf8');
  // A worker the build did not stamp would keep one cache forever and never update the page.
  if (worker.includes('__BUILD__') || !/const FILES = \[/.test(worker)) missing.push('sw.js (not stamped by the build)');
  for (const f of await namedFiles(dir)) if (!(await isFile(join(dir, f)))) missing.push(f);
  if (!(await namedFiles(dir)).some((f) => f.endsWith('.js'))) missing.push('the page script (index.html loads none)');
  return missing;
}
