/** `suket serve` as a real process, the way an office runs it, and what the tests send it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleIssuance, samplePortrait, sampleResident } from '../src/sample.js';

export const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

export interface Server {
  url: string;
  proc: ChildProcess;
  /** Everything it wrote to stdout: the request log. */
  log(): string;
  stderr(): string;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The request log's lines once one matching `wanted` is in: a line is
 * written as its response goes out, so it can reach the pipe after the
 * client has the answer.
 * @throws when no such line comes within the time.
 */
export async function logLinesWith(s: Server, wanted: (line: Record<string, unknown>) => boolean, timeoutMs = 5_000): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = s
      .log()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (lines.some(wanted)) return lines;
    if (Date.now() > deadline) throw new Error('no such line in the request log');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts `suket serve` with the arguments and waits until it listens.
 * @throws when it exits or does not listen within the time.
 */
export function startServer(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (https?:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          proc,
          log: () => out,
          stderr: () => err,
          stop: (signal = 'SIGTERM') => {
            if (proc.exitCode === null) proc.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before listening: ${err}`));
    });
  });
}

/** An office folder: settings with a numbering pattern, a seal key with its window, its register (made with register init), and a resident with photo. */
export async function officeFolder(
  dir: string,
  run: (args: string[]) => { code: number | null },
): Promise<{ photo: Uint8Array; resident: Record<string, unknown> }> {
  if (run(['keygen', '--out', join(dir, 'office'), '--not-before', '2026-01-01', '--not-after', '2027-12-31']).code !== 0) throw new Error('keygen failed');
  const { numbering, sequence: _s, issuedAt: _i, ...issuance } = sampleIssuance();
  writeFileSync(
    join(dir, 'office.json'),
    JSON.stringify({ issuance: { ...issuance, numbering }, template: 'suket-ktp-el', paper: 'F4', key: 'office.key.pem' }),
  );
  if (run(['register', 'init', '--office', join(dir, 'office.json')]).code !== 0) throw new Error('register init failed');
  const photo = await samplePortrait();
  writeFileSync(join(dir, 'photo.jpg'), photo);
  const resident = sampleResident() as unknown as Record<string, unknown>;
  writeFileSync(join(dir, 'resident.json'), JSON.stringify(resident));
  return { photo, resident };
}

/** A JSON request body: the resident with the photo as base64. */
export const issueBody = (resident: Record<string, unknown>, photo: Uint8Array, more: Record<string, unknown> = {}) =>
  JSON.stringify({ resident: { ...resident, photo: Buffer.from(photo).toString('base64') }, ...more });

/** POST with a client key. */
export function post(url: string, key: string, body: string | Uint8Array, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    ...(signal ? { signal } : {}),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
}
