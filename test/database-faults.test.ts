/**
 * The service survives its database: two `suket serve` processes issue
 * under load from clients while their PostgreSQL server (a private one, so
 * the shared test server is never disturbed) is restarted. Both stay up;
 * while the database is away clients get 503 with Retry-After; issuing goes
 * on when it returns, without a restart; and afterwards every number is
 * issued or recorded not_issued with its reason, none pending, none twice.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegister } from '../src/index.js';
import { dropPostgres, freshPostgres, privateServer, type PrivateServer } from './postgres.js';
import { CLI, issueBody, officeFolder, post, startServer, type Server } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'suket-dbfault-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let pg: PrivateServer | undefined;
let photo: Uint8Array;
let resident: Record<string, unknown>;
const servers: Server[] = [];

beforeAll(async () => {
  pg = privateServer();
  ({ photo, resident } = await officeFolder(dir, run));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  pg?.stop();
  await dropPostgres();
});

/** Issues `count` certificates through `servers`, each a resident and key of its own, retrying 503s and dropped connections. */
async function issueMany(targets: Server[], key: string, from: number, count: number, statuses: Map<number, number>): Promise<string[]> {
  const numbers: string[] = [];
  let next = from;
  const client = async () => {
    for (let i = next++; i < from + count; i = next++) {
      const body = issueBody({ ...resident, nik: `32740457089${10001 + i}` }, photo);
      for (let attempt = 0; ; attempt++) {
        if (attempt > 200) throw new Error(`request ${i} never got its certificate`);
        const target = targets[(i + attempt) % targets.length]!;
        const r = await post(`${target.url}/v1/certificates`, key, body, { accept: 'application/json', 'idempotency-key': `fault-${i}` }).catch(
          () => undefined,
        );
        if (!r) {
          // A connection refused or cut: counted as status 0.
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
          await new Promise((res) => setTimeout(res, 100));
          continue;
        }
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        // 409 in_progress: the key's claim is held by the other server's request that met the outage ("try again shortly").
        const inProgress = r.status === 409 && ((await r.clone().json()) as { issues?: Array<{ code: string }> }).issues?.[0]?.code === 'in_progress';
        if (r.status === 503 || inProgress) {
          if (r.status === 503) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
          await r.arrayBuffer();
          await new Promise((res) => setTimeout(res, 200));
          continue;
        }
        expect(r.status, await r.clone().text()).toBeLessThan(300);
        numbers.push(((await r.json()) as { number: string }).number);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, client));
  return numbers;
}

describe('PostgreSQL restarted under load', () => {
  it('both servers stay up, clients get 503 with Retry-After while it is away, and every number is explained', async (ctx) => {
    if (!pg) return ctx.skip('needs root and the PostgreSQL binaries to run a private server');
    expect(run(['register', 'init', '--office', 'office.json', '--register', pg.url]).code).toBe(0);
    const k = run(['serve', 'keys', 'add', 'beban', '--scope', 'issue,read', '--office', 'office.json', '--register', pg.url]);
    expect(k.code, k.err).toBe(0);
    const key = k.out.trim();
    const [a, b] = await Promise.all([0, 1].map(() => startServer(['--office', 'office.json', '--register', pg!.url], dir)));
    servers.push(a!, b!);
    const statuses = new Map<number, number>();
    const load = issueMany([a!, b!], key, 0, 120, statuses);
    // Three administrator's restarts while the clients issue: every connection, idle or in a transaction, is ended.
    for (let i = 0; i < 3; i++) {
      await new Promise((res) => setTimeout(res, 1200));
      pg.restart();
    }
    const numbers = await load;
    // Both processes are still the ones that started, and issue again without a restart of their own.
    // On failure, how it ended (a code, or a signal such as the kernel's OOM kill) with everything it wrote.
    for (const s of [a!, b!]) expect(s.proc.exitCode ?? s.proc.signalCode, `exit ${s.proc.exitCode}, signal ${s.proc.signalCode}\n${s.stderr()}`).toBeNull();
    numbers.push(...(await issueMany([a!, b!], key, 120, 4, statuses)));
    expect(new Set(numbers).size).toBe(124);
    // Claims whose finishing met the outage are settled as soon as the database answers again.
    await new Promise((res) => setTimeout(res, 3000));
    const register = await openRegister(pg.url, { create: false });
    const records = await register.list();
    await register.close();
    expect(records.filter((r) => r.status === 'pending')).toEqual([]);
    for (const r of records.filter((x) => x.status === 'not_issued')) expect(r.reason).toBeTruthy();
    expect(
      records
        .filter((r) => r.status === 'issued')
        .map((r) => r.number)
        .sort(),
    ).toEqual([...numbers].sort());
    const sequences = records.map((r) => r.sequence!).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
    console.log(
      `restart under load: ${[...statuses].map(([s, n]) => `${n} x ${s}`).join(', ')}; ${records.length - 124} numbers not issued, each with its reason`,
    );
  });
});

/** A process that takes the next number on the register and is killed before it prints. */
function claimAndDie(url: string): Promise<number | string | null> {
  const index = JSON.stringify(new URL('../dist/index.js', import.meta.url).pathname);
  const script = `
    import { openRegister } from ${index};
    const [url, resident, office] = process.argv.slice(1);
    const register = await openRegister(url, { create: false });
    await register.reserve(JSON.parse(resident), { issuance: JSON.parse(office) });
    process.kill(process.pid, 'SIGKILL');`;
  const { issuance } = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8'));
  const args = [url, JSON.stringify({ ...resident, nik: '3274045708939999' }), JSON.stringify(issuance)];
  return new Promise((done) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.once('exit', (code, signal) => done(signal ?? code));
  });
}

describe('one of two servers killed with claims in flight', () => {
  it("the other server finishes the killed one's keys, and settles its orphaned claims within the lease", async () => {
    const url = await freshPostgres();
    const settings = JSON.parse(readFileSync(join(dir, 'office.json'), 'utf8'));
    writeFileSync(join(dir, 'office-lease.json'), JSON.stringify({ ...settings, serve: { claimLeaseSeconds: 4 } }));
    expect(run(['register', 'init', '--office', 'office-lease.json', '--register', url]).code).toBe(0);
    // read:any: the test reads the claims the killed server's requests left, as the office's auditor would.
    const key = run(['serve', 'keys', 'add', 'dua', '--scope', 'issue,read,read:any', '--office', 'office-lease.json', '--register', url]).out.trim();
    const [a, b] = await Promise.all([0, 1].map(() => startServer(['--office', 'office-lease.json', '--register', url], dir)));
    servers.push(a!, b!);
    const statuses = new Map<number, number>();
    const load = issueMany([a!, b!], key, 1000, 240, statuses);
    await new Promise((res) => setTimeout(res, 1500));
    // Requests whose clients never come back: whatever number they held must not stay pending.
    const orphans = Array.from({ length: 6 }, (_, i) =>
      post(`${a!.url}/v1/certificates`, key, issueBody({ ...resident, nik: `32740457089${30001 + i}` }, photo)).catch(() => undefined),
    );
    await new Promise((res) => setTimeout(res, 100));
    a!.proc.kill('SIGKILL');
    const numbers = await load;
    await Promise.all(orphans);
    expect(new Set(numbers).size).toBe(240);
    expect(b!.proc.exitCode).toBeNull();
    // Requests were cut by the kill, and their keys were retried on the live server.
    expect(statuses.get(0) ?? 0).toBeGreaterThan(0);
    // A process that took a number and died with it, and nobody retries: the live server settles it within the lease.
    expect(await claimAndDie(url)).toBe('SIGKILL');
    const pending = async () =>
      ((await (await post(`${b!.url}/v1/certificates/search`, key, JSON.stringify({ status: 'pending' }))).json()) as { records: unknown[] }).records.length;
    expect(await pending()).toBe(1);
    await new Promise((res) => setTimeout(res, 5000));
    expect(await pending()).toBe(0);
    const register = await openRegister(url, { create: false });
    const records = await register.list();
    await register.close();
    expect(records.filter((r) => r.status === 'pending')).toEqual([]);
    const settled = records.filter((x) => x.status === 'not_issued');
    expect(settled.length).toBeGreaterThan(0);
    for (const r of settled) expect(r.reason).toContain('interrupted');
    const issued = new Set(records.filter((r) => r.status === 'issued').map((r) => r.number));
    for (const n of numbers) expect(issued.has(n)).toBe(true);
    const sequences = records.map((r) => r.sequence!).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
    console.log(
      `kill -9 under load: ${[...statuses].map(([s, n]) => `${n} x ${s}`).join(', ')}; ${records.filter((r) => r.status === 'not_issued').length} numbers settled not issued`,
    );
  });
});
