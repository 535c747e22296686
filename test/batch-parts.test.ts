/** The batch's parts on their own, without the CLI: worker pool, ledger, progress, input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/worker-pool.js';
import { GroupCommit } from '../src/cli/batch/group-commit.js';
import { fileFor, Ledger } from '../src/cli/batch/ledger.js';
import { Progress } from '../src/cli/batch/progress.js';
import { readHeader } from '../src/cli/batch/columns.js';
import { detectDelimiter, readRows } from '../src/cli/batch/input.js';
import { say } from '../src/language/catalogue.js';
import { rowKey } from '../src/cli/batch/run.js';
import { SuketError } from '../src/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'suket-parts-'));

describe('worker pool', () => {
  it('a worker that dies fails its job and is replaced; the rest go on', async () => {
    const pool = new WorkerPool<string, string>(new URL('./fixtures/echo-worker.mjs', import.meta.url), null, { threads: 2 }, (job) => `lost ${job}`);
    const results = await Promise.all(['a', 'die', 'b', 'die', 'c', 'd'].map(async (job) => (await pool.acquire())(job)));
    expect(results).toEqual(['done a', 'lost die', 'done b', 'lost die', 'done c', 'done d']);
    await pool.close();
  });

  it('a thread holds several jobs at once and pairs each result with its job; one that dies fails all it held', async () => {
    const pool = new WorkerPool<string, string>(
      new URL('./fixtures/echo-worker.mjs', import.meta.url),
      null,
      { threads: 1, jobsPerThread: 3 },
      (job) => `lost ${job}`,
    );
    const run = (job: string) => pool.acquire().then((r) => r(job));
    // The slow jobs answer last: results follow their ids, not the order they come back in; all three were held at once.
    expect(await Promise.all([run('slow a'), run('slow c'), run('count')])).toEqual(['done slow a', 'done slow c', 'held 3']);
    // A fourth job waits for a free slot: the thread never holds four (one or two of the slow ones may still be held, as timers fire).
    const four = await Promise.all(['slow a', 'slow b', 'slow c', 'count'].map(run));
    expect(four.slice(0, 3)).toEqual(['done slow a', 'done slow b', 'done slow c']);
    expect(['held 1', 'held 2', 'held 3']).toContain(four[3]);
    expect(await Promise.all([run('slow x'), run('die'), run('y')])).toEqual(['lost slow x', 'lost die', 'lost y']);
    expect(await run('after')).toBe('done after'); // the thread was replaced
    await pool.close();
  });
});

describe('group commit', () => {
  it('rows finished while a commit runs go into the next one together; a failed commit fails only its own rows', async () => {
    const groups: number[][] = [];
    let release: () => void = () => {};
    const commits = new GroupCommit<number, string>(async (items) => {
      groups.push(items);
      if (groups.length === 1) await new Promise<void>((r) => (release = r));
      if (items.includes(13)) throw new Error('disk full');
      return items.map((i) => `ok ${i}`);
    });
    const first = commits.add(1);
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3, 4].map((i) => commits.add(i));
    release();
    expect(await Promise.all([first, ...rest])).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4']);
    expect(groups).toEqual([[1], [2, 3, 4]]);
    await expect(commits.add(13)).rejects.toThrow('disk full');
    expect(await commits.add(5)).toBe('ok 5');
  });
});

describe('ledger', () => {
  it('the issue day is fixed on the first run; listed rows are done only while their file matches', async () => {
    const dir = tmp();
    const l1 = await Ledger.open(dir, { issuedAt: '2026-11-30' });
    writeFileSync(join(dir, fileFor(7)), 'pdf bytes');
    const sha = (await import('node:crypto')).createHash('sha256').update('pdf bytes').digest('hex');
    expect(await l1.issued({ row: 1, key: 'k1', sequence: 7, number: 'N7', file: fileFor(7), sha256: sha, warnings: [] })).toBe(true);
    await l1.close();

    const l2 = await Ledger.open(dir, { issuedAt: '2027-01-02' });
    expect(l2.issuedAt).toBe('2026-11-30'); // fixed on the first run
    expect(l2.done('k1')?.number).toBe('N7');
    expect(l2.done('k2')).toBeUndefined();
    await l2.close();

    writeFileSync(join(dir, fileFor(7)), 'tampered');
    const l3 = await Ledger.open(dir, { issuedAt: '2026-11-30' });
    expect(l3.done('k1')).toBeUndefined();
    expect(readFileSync(join(dir, 'manifest.jsonl'), 'utf8')).toBe('');
    await l3.close();
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ version: 2, issuedAt: '2026-11-30', firstSequence: 1 }));
    await expect(Ledger.open(dir, { issuedAt: '2026-11-30' })).rejects.toThrow(/numbers now come from the register/);
  });
});

describe('progress', () => {
  it('shows no rate or ETA until a few certificates give one, and counts this run only', () => {
    const lines: string[] = [];
    const p = new Progress(100, { tty: false, quiet: false, language: 'en' }, (l) => lines.push(l));
    expect(p.figures({ issued: 0, skipped: 90, failed: 0 })).toEqual({ rate: '-', eta: '-' });
    expect(p.figures({ issued: 2, skipped: 90, failed: 0 })).toEqual({ rate: '-', eta: '-' });
    p.update({ issued: 0, skipped: 90, failed: 0 });
    expect(lines[0]).toBe('progress: 90/100 rows, -, ETA -, 0 failed');
  });
});

describe('input', () => {
  it('detects the delimiter and checks the header, suggesting near names', () => {
    expect(detectDelimiter('nik;name;"a,b"')).toBe(';');
    expect(detectDelimiter('nik\tname')).toBe('\t');
    expect(detectDelimiter('nik,name')).toBe(',');
    let e: unknown;
    try {
      readHeader(['nik', 'nme', 'birthPlace']);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(SuketError);
    const issues = (e as SuketError).issues.map((i) => i.message);
    expect(issues).toContain('column 2 ("nme") is not a known field: did you mean name?');
    expect(issues).toContain('has no column for TANGGAL LAHIR (birthDate)');
  });

  it('reads every row after a broken or over-long one', async () => {
    const file = join(tmp(), 'rows.jsonl');
    writeFileSync(file, ['{"nik":"1"}', '{broken', JSON.stringify({ x: 'y'.repeat(70_000) }), '{"nik":"4"}'].join('\n'));
    const rows = [];
    for await (const r of readRows(file)) rows.push(r.error ? say('en', r.error.key, r.error.params) : r.value);
    expect(rows).toEqual([{ nik: '1' }, 'is not valid JSON', 'is longer than 64 KB', { nik: '4' }]);
  });

  it('says where each row is as a spreadsheet numbers it: the header row 1, blank rows counted, and skipped', async () => {
    const header =
      'nik;name;birthPlace;birthDate;sex;address.street;address.rt;address.rw;address.village;address.district;address.regency;address.province;religion;maritalStatus;occupation;citizenship';
    const file = join(tmp(), 'rows.csv');
    writeFileSync(file, [header, 'a;b', ';;;;', '', 'c;d', ';;;'].join('\r\n'));
    const rows = [];
    for await (const r of readRows(file)) rows.push([r.row, r.place]);
    expect(rows).toEqual([
      [1, { sheetRow: 2 }],
      [2, { sheetRow: 5 }],
    ]);
  });

  it('a row key ignores the order of fields', () => {
    expect(rowKey({ a: 1, b: { c: 2, d: 3 } })).toBe(rowKey({ b: { d: 3, c: 2 }, a: 1 }));
    expect(rowKey({ a: 1 })).not.toBe(rowKey({ a: 2 }));
  });
});
