/**
 * The office the counter's tests start from, as an office would: a folder
 * made by `suket init`, three accounts made with `suket serve users add`
 * (a clerk, the head, an administrator), and `suket serve` on it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { CLI, startServer, type Server } from './service.js';

const OFFICE = [
  ['--government', 'PEMERINTAH KOTA CIREBON'],
  ['--office', 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL'],
  ['--address', 'Jl. Dr. Sudarsono No. 40, Kesambi, Cirebon 45134'],
  ['--region', '3274'],
  ['--place', 'Cirebon'],
  ['--signatory', 'Drs. H. Bagus Wiratmaja, M.Si.'],
  ['--nip', '196805121990031005'],
  ['--title', 'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA CIREBON'],
].flat();

/** The three accounts' passwords (invented, like every person here). */
export const PASSWORDS = { siti: 'kopi-tubruk-pagi-7', bagus: 'teh-manis-sore-42', admin: 'rapat-rutin-senin-3' };
export type StaffName = keyof typeof PASSWORDS;

export interface CounterOffice {
  /** The office folder. */
  dir: string;
  /** `suket ARGS` in the office folder (or `cwd`), with `input` on stdin. */
  run(args: string[], input?: string, cwd?: string): { code: number | null; out: string; err: string };
  server: Server;
}

/** Makes the office folder and its accounts (all three, or those named) and starts `suket serve` on it. */
export async function openCounterOffice(prefix: string, names: readonly StaffName[] = ['siti', 'bagus', 'admin']): Promise<CounterOffice> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(root, 'kantor');
  const run = (args: string[], input?: string, cwd = dir) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, ...(input !== undefined ? { input } : {}) });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const init = run(['init', 'kantor', ...OFFICE], undefined, root);
  expect(init.code, init.err).toBe(0);
  for (const [name, role, display] of [
    ['siti', 'petugas', 'Siti Rahmawati'],
    ['bagus', 'kepala', 'Drs. H. Bagus Wiratmaja'],
    ['admin', 'admin', 'Admin TI'],
  ] as const) {
    if (!names.includes(name)) continue;
    const r = run(['serve', 'users', 'add', name, '--role', role, '--display-name', display, '--office', 'kantor.json'], `${PASSWORDS[name]}\n`);
    expect(r.code, r.err).toBe(0);
  }
  return { dir, run, server: await startServer(['--office', 'kantor.json'], dir) };
}

/** How many pixels of a screenshot have the KONSEP mark's colour: #b00000 at 20% over white paper, (239, 204, 204). */
export async function konsepPixels(png: Uint8Array): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let pink = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (r > 228 && g > 190 && g < 218 && Math.abs(g - b) < 8) pink++;
  }
  return pink;
}

/** In Chromium's viewer at 1366 px wide a KONSEP page shows about 24,000 such pixels, a sealed paper 22. */
export const KONSEP_MIN = 5000;
