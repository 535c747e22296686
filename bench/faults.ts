// What clients see when the database or a server fails, and whether every
// number is still explained afterwards: two `suket serve` on a private
// PostgreSQL 15 (initdb in a temporary folder, max_connections 100 as
// installed), with default settings. (1) 16 and then 256 clients issuing
// 600 certificates each run; (2) the server restarted three times under 64
// clients; (3) one of the two servers SIGKILLed under 64 clients. Clients
// retry 503 after Retry-After, 409 in_progress and dropped connections with
// the same Idempotency-Key. Needs root (the server runs as postgres).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegister } from '../src/index.js';
import { privateServer, type PrivateServer } from '../test/postgres.js';
import { CLI, issueBody, officeFolder, post, type Server, startServer } from '../test/service.js';

const log = (s: string) => process.stderr.write(`${s}\n`);
const dir = mkdtempSync(join(tmpdir(), 'suket-bench-faults-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

interface Seen {
  statuses: Map<string, number>;
  numbers: string[];
  seconds: number;
}

/** `count` certificates through `targets` by `clients` clients, each a resident and key of its own, retried until issued. */
async function drive(targets: Server[], key: string, from: number, count: number, clients: number, body: (i: number) => string): Promise<Seen> {
  const statuses = new Map<string, number>();
  const seen = (s: string) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
  const numbers: string[] = [];
  let next = from;
  const t = performance.now();
  const client = async () => {
    for (let i = next++; i < from + count; i = next++) {
      for (let attempt = 0; ; attempt++) {
        const target = targets[(i + attempt) % targets.length]!;
        const r = await post(`${target.url}/v1/certificates`, key, body(i), { accept: 'application/json', 'idempotency-key': `bench-${i}` }).catch(
          () => undefined,
        );
        if (!r) {
          seen('connection refused or cut');
          await new Promise((res) => setTimeout(res, 100));
          continue;
        }
        const text = await r.text();
        const problem = r.status >= 400 ? (JSON.parse(text) as { error?: string; issues?: Array<{ code: string; message: string }> }) : undefined;
        seen(`${r.status}${problem?.issues?.[0]?.message.includes('53300') ? ' (53300)' : problem?.error === 'SHUTTING_DOWN' ? ' (stopping)' : ''}`);
        if (r.status < 300) {
          numbers.push((JSON.parse(text) as { number: string }).number);
          break;
        }
        if (r.status !== 503 && problem?.issues?.[0]?.code !== 'in_progress') throw new Error(`request ${i}: ${r.status} ${text}`);
        await new Promise((res) => setTimeout(res, r.status === 503 ? Number(r.headers.get('retry-after') ?? 1) * 100 : 200));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { statuses, numbers, seconds: (performance.now() - t) / 1000 };
}

/** Every number issued or not_issued with a reason, none pending, sequences 1..N, and every client's number issued. */
async function explained(url: string, numbers: string[]): Promise<string> {
  const register = await openRegister(url, { create: false });
  const records = await register.list();
  await register.close();
  const issued = new Set(records.filter((r) => r.status === 'issued').map((r) => r.number));
  const sequences = records.map((r) => r.sequence ?? 0).sort((a, b) => a - b);
  const problems = [
    ...(records.some((r) => r.status === 'pending') ? ['a number is pending'] : []),
    ...(records.some((r) => r.status === 'not_issued' && !r.reason) ? ['a not_issued number has no reason'] : []),
    ...(numbers.some((n) => !issued.has(n)) ? ['a client holds a number the register does not show issued'] : []),
    ...(new Set(numbers).size !== numbers.length ? ['a number was given twice'] : []),
    ...(sequences.some((s, i) => s !== i + 1) ? ['a sequence is missing'] : []),
  ];
  const notIssued = records.filter((r) => r.status === 'not_issued').length;
  return problems.length
    ? `NOT EXPLAINED: ${problems.join('; ')}`
    : `all ${records.length} explained (${issued.size} issued, ${notIssued} not issued with a reason)`;
}

const row = (name: string, s: Seen, verdict: string) =>
  `| ${name} | ${s.numbers.length} in ${s.seconds.toFixed(1)} s (${(s.numbers.length / s.seconds).toFixed(1)}/s) | ${[...s.statuses].map(([k, n]) => `${n} x ${k}`).join(', ')} | ${verdict} |`;

async function servers(url: string): Promise<[Server, Server]> {
  const [a, b] = await Promise.all([0, 1].map(() => startServer(['--office', 'office.json', '--register', url], dir)));
  return [a!, b!];
}

async function main(pg: PrivateServer): Promise<void> {
  const { photo, resident } = await officeFolder(dir, run);
  const body = (i: number) => issueBody({ ...resident, nik: `32740457089${10001 + i}` }, photo);
  const rows: string[] = [];
  let from = 0;
  const scenario = async (name: string, clients: number, count: number, fault?: (a: Server, b: Server) => Promise<void>) => {
    // A register of its own for each, on the same server.
    const url = pg.url.replace(/\/suket$/, `/suket_${rows.length}`);
    spawnSync('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-h', '127.0.0.1', '-p', new URL(pg.url).port, '-c', `CREATE DATABASE suket_${rows.length}`]);
    run(['register', 'init', '--office', 'office.json', '--register', url]);
    const key = run(['serve', 'keys', 'add', `bench${rows.length}`, '--scope', 'issue', '--office', 'office.json', '--register', url]).out.trim();
    const [a, b] = await servers(url);
    log(`${name}: ${clients} clients, ${count} certificates`);
    const driving = drive([a, b], key, from, count, clients, body);
    if (fault) await fault(a, b);
    const seen = await driving;
    from += count;
    await new Promise((res) => setTimeout(res, 2000));
    rows.push(row(name, seen, await explained(url, seen.numbers)));
    await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
  };
  await scenario('16 clients, default settings', 16, 600);
  await scenario('256 clients, default settings (pool 10 a server, max_connections 100)', 256, 600);
  await scenario('64 clients, PostgreSQL restarted 3 times', 64, 600, async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((res) => setTimeout(res, 2500));
      pg.restart();
    }
  });
  await scenario('64 clients, one of two servers SIGKILLed', 64, 600, async (a) => {
    await new Promise((res) => setTimeout(res, 3000));
    a.proc.kill('SIGKILL');
  });
  console.log('\n## Faults: two servers on one PostgreSQL (private, max_connections 100), 2 cores\n');
  console.log('| run | certificates | what clients saw (responses, retries included) | every number |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
}

const pg = privateServer(100);
if (!pg) log('faults: skipped (needs root and the PostgreSQL binaries for a private server)');
else
  await main(pg).finally(() => {
    pg.stop();
  });
