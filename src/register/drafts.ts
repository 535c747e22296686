/**
 * The counter's drafts: a resident a clerk entered, waiting for the head's
 * approval (KONSEP, no number), then approved with the number the register
 * gave, or returned with a note; and the counter's log of who drafted,
 * approved, returned, printed and voided what, and when. Kept in the
 * register's database beside the certificates, so every server sees one
 * queue. A draft holds personal data as a record does; the log holds
 * names of staff, draft ids and numbers, never a resident's data.
 */
import { randomUUID } from 'node:crypto';
import { SuketError } from '../errors.js';
import type { Driver, Row } from './driver.js';
import { foldName } from './search.js';

export type DraftStatus = 'waiting' | 'approved' | 'returned';
export type CounterAction = 'drafted' | 'approved' | 'returned' | 'printed' | 'voided' | 'replaced';

export interface CounterDraft {
  id: string;
  status: DraftStatus;
  /** The resident as entered, without the photo. */
  resident: Record<string, unknown>;
  photo: Uint8Array | null;
  template: string | null;
  paper: string | null;
  draftedBy: string;
  draftedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  number: string | null;
}

export interface CounterLogEntry {
  at: string;
  account: string;
  action: CounterAction;
  draft: string | null;
  number: string | null;
  note: string | null;
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

const draftOf = (r: Row): CounterDraft => ({
  id: String(r.id),
  status: String(r.status) as DraftStatus,
  resident: JSON.parse(String(r.resident)) as Record<string, unknown>,
  photo: r.photo ? new Uint8Array(r.photo as Uint8Array) : null,
  template: text(r.template),
  paper: text(r.paper),
  draftedBy: String(r.drafted_by),
  draftedAt: String(r.drafted_at),
  decidedBy: text(r.decided_by),
  decidedAt: text(r.decided_at),
  note: text(r.note),
  number: text(r.number),
});

export class CounterDrafts {
  private constructor(private readonly driver: Driver) {}

  /** @internal */
  static over(driver: Driver): CounterDrafts {
    return new CounterDrafts(driver);
  }

  /** Keeps a checked resident as a draft waiting for approval; its id. */
  async add(d: { resident: Record<string, unknown>; photo?: Uint8Array; template?: string; paper?: string; by: string }): Promise<string> {
    const id = randomUUID();
    const at = new Date().toISOString();
    await this.driver.write(async (q) => {
      await q.run(
        'INSERT INTO counter_drafts (id, status, resident, photo, template, paper, search_name, drafted_by, drafted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, 'waiting', JSON.stringify(d.resident), d.photo ?? null, d.template ?? null, d.paper ?? null, foldName(String(d.resident.name ?? '')), d.by, at],
      );
      await q.run('INSERT INTO counter_log (at, account, action, draft) VALUES (?, ?, ?, ?)', [at, d.by, 'drafted', id]);
    });
    return id;
  }

  async get(id: string): Promise<CounterDraft | undefined> {
    const [row] = await this.driver.read((q) => q.all('SELECT * FROM counter_drafts WHERE id = ?', [id]));
    return row ? draftOf(row) : undefined;
  }

  /**
   * Drafts in a status, without their photos: those waiting oldest first, the
   * decided newest first (at most 200). Approved ones only while their paper
   * is issued: a voided or replaced paper is no longer offered to print.
   */
  async list(status: DraftStatus): Promise<Omit<CounterDraft, 'photo'>[]> {
    const order = status === 'waiting' ? 'd.drafted_at' : 'd.decided_at DESC';
    const rows = await this.driver.read((q) =>
      q.all(
        `SELECT d.id, d.status, d.resident, NULL AS photo, d.template, d.paper, d.drafted_by, d.drafted_at, d.decided_by, d.decided_at, d.note, d.number
         FROM counter_drafts d LEFT JOIN certificates c ON c.number = d.number
         WHERE d.status = ? AND (d.status <> 'approved' OR c.status = 'issued') ORDER BY ${order} LIMIT 200`,
        [status],
      ),
    );
    return rows.map(draftOf);
  }

  /** The draft a certificate was approved from, if the counter issued it. */
  async ofNumber(number: string): Promise<CounterDraft | undefined> {
    const [row] = await this.driver.read((q) => q.all("SELECT * FROM counter_drafts WHERE number = ? AND status = 'approved'", [number]));
    return row ? draftOf(row) : undefined;
  }

  /** The numbers the counter issued on a day (the office's date of issue), in the order of their numbers, still issued. */
  async approvedOn(day: string): Promise<string[]> {
    const rows = await this.driver.read((q) =>
      q.all(
        "SELECT c.number FROM counter_drafts d JOIN certificates c ON c.number = d.number WHERE d.status = 'approved' AND c.issued_at = ? AND c.status = 'issued' ORDER BY c.sequence, c.id",
        [day],
      ),
    );
    return rows.map((r) => String(r.number));
  }

  /**
   * Records the head's decision on a waiting draft: approved with its number, or returned with a note.
   * @throws SuketError INVALID_INPUT (`draft`, conflict) when it is not waiting (decided already, by another head at the same time).
   */
  async decide(id: string, decision: { status: 'approved'; number: string; by: string } | { status: 'returned'; note: string; by: string }): Promise<void> {
    const at = new Date().toISOString();
    const number = decision.status === 'approved' ? decision.number : null;
    const note = decision.status === 'returned' ? decision.note : null;
    await this.driver.write(async (q) => {
      const changed = await q.run(
        "UPDATE counter_drafts SET status = ?, decided_by = ?, decided_at = ?, number = ?, note = ? WHERE id = ? AND status = 'waiting'",
        [decision.status, decision.by, at, number, note, id],
      );
      if (changed !== 1) throw new SuketError('INVALID_INPUT', [{ path: 'draft', code: 'conflict', message: 'is not waiting for approval (decided already)' }]);
      await q.run('INSERT INTO counter_log (at, account, action, draft, number, note) VALUES (?, ?, ?, ?, ?, ?)', [
        at,
        decision.by,
        decision.status,
        id,
        number,
        note,
      ]);
    });
  }

  /**
   * A paper the counter issued was replaced: its draft now stands for the new
   * number (so the new paper is the one offered to print, and the one a later
   * replacement starts from), with the log line, in one transaction.
   */
  async replaced(id: string, change: { from: string; to: string; by: string; reason: string }): Promise<void> {
    const at = new Date().toISOString();
    await this.driver.write(async (q) => {
      await q.run("UPDATE counter_drafts SET number = ? WHERE id = ? AND number = ? AND status = 'approved'", [change.to, id, change.from]);
      await q.run('INSERT INTO counter_log (at, account, action, draft, number, note) VALUES (?, ?, ?, ?, ?, ?)', [
        at,
        change.by,
        'replaced',
        id,
        change.to,
        `${change.from}: ${change.reason}`,
      ]);
    });
  }

  /** Adds a line to the counter's log (printing, voiding). */
  async log(entry: Omit<CounterLogEntry, 'at'>): Promise<void> {
    await this.driver.write((q) =>
      q.run('INSERT INTO counter_log (at, account, action, draft, number, note) VALUES (?, ?, ?, ?, ?, ?)', [
        new Date().toISOString(),
        entry.account,
        entry.action,
        entry.draft,
        entry.number,
        entry.note,
      ]),
    );
  }

  /** The log, newest first, between two days (YYYY-MM-DD, in UTC) and for one person when given; at most 500 lines. */
  async entries(query: { from?: string; to?: string; account?: string } = {}): Promise<CounterLogEntry[]> {
    const parts: Array<[string, unknown]> = [];
    if (query.from) parts.push(['at >= ?', `${query.from}T00:00:00`]);
    // Every time on the last day sorts below "T99".
    if (query.to) parts.push(['at < ?', `${query.to}T99`]);
    if (query.account) parts.push(['account = ?', query.account]);
    const where = parts.map(([sql]) => sql);
    const params = parts.map(([, value]) => value);
    const rows = await this.driver.read((q) =>
      q.all(
        `SELECT at, account, action, draft, number, note FROM counter_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT 500`,
        params,
      ),
    );
    return rows.map((r) => ({
      at: String(r.at),
      account: String(r.account),
      action: String(r.action) as CounterAction,
      draft: text(r.draft),
      number: text(r.number),
      note: text(r.note),
    }));
  }
}
