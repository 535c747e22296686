/**
 * Numbers that cannot go wrong: a number given by hand is read against the
 * office's pattern (one number in any padding), the counter steps over what
 * is taken instead of stopping, and random runs of automatic issues, numbers
 * given by hand, voids, replacements and failed prints on a real SQLite file
 * and a real PostgreSQL server, and processes killed holding a number,
 * leave every number unique, the counter able to issue, and every gap
 * recorded with its reason.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { openRegister, parseNumber, registerIssuance, type CertificateRecord, type Register } from '../src/index.js';
import { sampleIssuance, sampleResident } from '../src/sample.js';
import { failure } from './helpers.js';
import { dropPostgres, freshPostgres } from './postgres.js';

afterAll(dropPostgres);

const PATTERN = '471.13/{seq:4}/Disdukcapil/{monthRoman}/{year}';
const { numbering: _n, sequence: _s, issuedAt: _i, ...officeFields } = sampleIssuance();
const office = { ...officeFields, numbering: PATTERN, issuedAt: '2026-11-30' };
const byHand = (number: string) => ({ issuance: registerIssuance(office, { number }) });

let photo: Uint8Array | undefined;
const smallPhoto = async () =>
  (photo ??= new Uint8Array(
    await sharp({ create: { width: 120, height: 160, channels: 3, background: '#1f4fa8' } })
      .jpeg()
      .toBuffer(),
  ));
const resident = async (n = 42) => ({ ...sampleResident(), nik: `32740457089${String(n).padStart(5, '0')}`, photo: await smallPhoto() });

describe('parseNumber', () => {
  it('reads a number in any padding, letter case and spacing as the pattern writes it', () => {
    expect(parseNumber(PATTERN, '471.13/002/Disdukcapil/XI/2026')).toEqual({ sequence: 2, canonical: '471.13/0002/Disdukcapil/XI/2026' });
    expect(parseNumber(PATTERN, ' 471.13/2615/disdukcapil/xii/2026 ')).toEqual({ sequence: 2615, canonical: '471.13/2615/Disdukcapil/XII/2026' });
    expect(parseNumber(PATTERN, '471.13/12345/Disdukcapil/XI/2026')).toEqual({ sequence: 12345, canonical: '471.13/12345/Disdukcapil/XI/2026' });
    expect(parseNumber('{regionCode}/{seq}/{day}-{month}-{year}', '3274/07/5-1-2027')).toEqual({ sequence: 7, canonical: '3274/7/05-01-2027' });
  });

  it('a number of another scheme, or sequence 0, does not fit', () => {
    expect(parseNumber(PATTERN, '471.13/0002/Capil/XI/2026')).toBeUndefined();
    expect(parseNumber(PATTERN, '471.13/0000/Disdukcapil/XI/2026')).toBeUndefined();
    expect(parseNumber(PATTERN, '471.13/0002/Disdukcapil/XIII/2026')).toBeUndefined();
    expect(parseNumber(PATTERN, 'SKET/1/2026')).toBeUndefined();
  });
});

const backends: Array<[string, () => Promise<string>]> = [
  ['SQLite', async () => join(mkdtempSync(join(tmpdir(), 'suket-num-')), 'suket.db')],
  ['PostgreSQL', freshPostgres],
];

describe.each(backends)('numbers on %s', (_backend, location) => {
  it("a number given by hand that is the counter's next is stepped over, and voiding it changes nothing", async () => {
    const register = await openRegister(await location());
    expect((await register.issue(await resident(1), { issuance: office })).number).toBe('471.13/0001/Disdukcapil/XI/2026');
    const manual = await register.issue(await resident(2), byHand('471.13/2/Disdukcapil/XI/2026'));
    expect(manual.record).toMatchObject({ number: '471.13/0002/Disdukcapil/XI/2026', sequence: 2, status: 'issued' });
    expect(manual.record.counter).toContain(PATTERN);
    // The same number in another spelling is the same number.
    for (const spelling of ['471.13/0002/Disdukcapil/XI/2026', '471.13/002/disdukcapil/xi/2026'])
      expect((await failure(register.issue(await resident(3), byHand(spelling)))).issues[0]).toMatchObject({
        path: 'issuance.number',
        code: 'conflict',
        message: '471.13/0002/Disdukcapil/XI/2026 is in the register already (issued)',
      });
    expect((await register.issue(await resident(4), { issuance: office })).number).toBe('471.13/0003/Disdukcapil/XI/2026');
    // Ahead of the counter: it waits there, and the counter steps over it when it arrives.
    await register.issue(await resident(5), byHand('471.13/0004/Disdukcapil/XI/2026'));
    await register.void('471.13/0004/Disdukcapil/XI/2026', 'salah cetak');
    expect((await register.issue(await resident(6), { issuance: office })).number).toBe('471.13/0005/Disdukcapil/XI/2026');
    await register.close();
  });

  it('a number outside the pattern, or of another month, is recorded as given with no sequence; the counter goes on', async () => {
    const register = await openRegister(await location());
    const other = await register.issue(await resident(1), byHand('SKET/0001/2026'));
    expect(other.record).toMatchObject({ number: 'SKET/0001/2026', sequence: null, counter: null });
    const december = await register.issue(await resident(2), byHand('471.13/1/Disdukcapil/XII/2026'));
    expect(december.record).toMatchObject({ number: '471.13/0001/Disdukcapil/XII/2026', sequence: null, counter: null });
    expect((await register.issue(await resident(3), { issuance: office })).number).toBe('471.13/0001/Disdukcapil/XI/2026');
    await register.close();
  });

  it('random runs of issues, numbers by hand, voids, replacements, failed prints and killed processes: unique numbers, a counter that issues, every gap explained', async () => {
    type Op =
      | { kind: 'auto' }
      | { kind: 'byHand'; ahead: number; width: number; lower: boolean }
      | { kind: 'outside'; n: number }
      | { kind: 'void' | 'replace'; pick: number }
      | { kind: 'fail' }
      | { kind: 'crash' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ kind: 'auto' as const }),
      fc.record({ kind: fc.constant('byHand' as const), ahead: fc.integer({ min: -2, max: 3 }), width: fc.integer({ min: 1, max: 5 }), lower: fc.boolean() }),
      fc.record({ kind: fc.constant('outside' as const), n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constantFrom('void' as const, 'replace' as const), pick: fc.nat() }),
      fc.constant({ kind: 'fail' as const }),
      fc.constant({ kind: 'crash' as const }),
    );
    let people = 100;
    let where = '';
    const run = async (register: Register, ops: Op[]) => {
      let highest = 0;
      for (const o of ops) {
        const issued = (await register.list()).filter((r) => r.status === 'issued');
        const who = await resident(people++);
        if (o.kind === 'auto') highest = Math.max(highest, (await register.issue(who, { issuance: office })).record.sequence!);
        else if (o.kind === 'byHand') {
          const seq = String(Math.max(1, highest + o.ahead)).padStart(o.width, '0');
          const number = `471.13/${seq}/Disdukcapil/XI/2026`;
          await register.issue(who, byHand(o.lower ? number.toLowerCase() : number)).catch(expectConflict);
        } else if (o.kind === 'outside') await register.issue(who, byHand(`SKET/${o.n}/2026`)).catch(expectConflict);
        else if (o.kind === 'fail') await register.issue({ ...who, photo: new Uint8Array(400) }, { issuance: office }).catch(() => {});
        else if (o.kind === 'crash') expect(await crashHolding(where, people++)).toBe('SIGKILL');
        else if (issued.length) {
          const target = issued[o.pick % issued.length]!.number;
          if (o.kind === 'void') await register.void(target, 'ditarik');
          else await register.replace(target, who, { issuance: office, reason: 'data salah' });
        }
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        where = await location();
        const register = await openRegister(where);
        try {
          await run(register, ops);
        } finally {
          await register.close();
        }
        // Opened again, as the next clerk would: a number held by a process that died is settled, with its reason.
        const again = await openRegister(where);
        try {
          await catchUp(again);
          assertExplained(await again.list());
        } finally {
          await again.close();
        }
      }),
      { numRuns: 12, seed: 20261205 },
    );
  });
});

/** Another process takes the next number and is killed before it prints: its number is left pending under its pid. */
function crashHolding(where: string, person: number): Promise<number | string | null> {
  const index = JSON.stringify(new URL('../dist/index.js', import.meta.url).pathname);
  const script = `
    import { openRegister } from ${index};
    const [where, person, office] = process.argv.slice(1);
    const register = await openRegister(where);
    const resident = { ...JSON.parse(person) };
    await register.reserve(resident, { issuance: JSON.parse(office) });
    process.kill(process.pid, 'SIGKILL');`;
  return new Promise((resolve) => {
    const args = [where, JSON.stringify({ ...sampleResident(), nik: `32740457089${String(person).padStart(5, '0')}` }), JSON.stringify(office)];
    const p = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.once('exit', (code, signal) => resolve(signal ?? code));
  });
}

/** A number given by hand that the register holds already is refused, naming it; nothing else may fail. */
function expectConflict(e: { issues?: Array<{ code: string }> }) {
  if (e.issues?.[0]?.code !== 'conflict') throw e;
}

let catchUpPeople = 5000;

/** Issues until the counter has passed every sequence held by a number given by hand: the counter must always be able to issue. */
async function catchUp(register: Register): Promise<void> {
  const held = Math.max(0, ...(await register.list()).map((r) => r.sequence ?? 0));
  for (let seq = 0; seq <= held; ) seq = (await register.issue(await resident(catchUpPeople++), { issuance: office })).record.sequence!;
}

function assertExplained(records: CertificateRecord[]): void {
  const numbers = records.map((r) => parseNumber(PATTERN, r.number)?.canonical ?? r.number);
  expect(new Set(numbers).size).toBe(records.length);
  const sequences = records.filter((r) => r.counter !== null).map((r) => r.sequence!);
  expect(new Set(sequences).size).toBe(sequences.length);
  // Every sequence up to the highest is held by a record: issued, voided, or not issued with its reason.
  expect([...sequences].sort((a, b) => a - b)).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
  for (const r of records) {
    expect(r.status).not.toBe('pending');
    if (r.status === 'not_issued') expect(r.reason).toBeTruthy();
  }
}
