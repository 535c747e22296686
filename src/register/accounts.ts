/**
 * The counter's people: clerks (petugas), the head of office or a delegate
 * (kepala) and administrators, kept in the register's database so every
 * server sharing it knows them; their sessions too. Passwords are kept as
 * scrypt hashes (password.ts), session tokens as their SHA-256 (a token is
 * 32 random bytes, so a fast hash is as good as a slow one). Ten wrong
 * passwords lock an account for fifteen minutes, on every server at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SuketError } from '../errors.js';
import type { Driver } from './driver.js';
import { DECOY_HASH, hashPassword, passwordMatches } from './password.js';

/** petugas: search, draft, print approved papers; kepala: approve, send back, void, replace; admin: accounts, settings (read-only). */
export const COUNTER_ROLES = Object.freeze(['petugas', 'kepala', 'admin'] as const);
export type CounterRole = (typeof COUNTER_ROLES)[number];

export interface CounterAccount {
  name: string;
  role: CounterRole;
  /** The name shown on screen and in the log, e.g. "Siti Rahmawati". */
  displayName: string;
  createdAt: string;
  disabledAt: string | null;
  /** Until when wrong passwords keep it locked, or null. */
  lockedUntil: string | null;
}

/** Wrong passwords in a row that lock an account, and for how long. */
export const LOCKOUT = Object.freeze({ failures: 10, minutes: 15 });
/** A session ends after this long unused, and in any case after maxHours. */
export const SESSION_LIMITS = Object.freeze({ idleMinutes: 15, maxHours: 12 });

export type LoginResult = { ok: true; account: CounterAccount } | { ok: false; reason: 'wrong' | 'locked'; until?: string };

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const invalid = (path: string, code: 'format' | 'conflict' | 'not_allowed' | 'too_small', message: string) =>
  new SuketError('INVALID_INPUT', [{ path, code, message }]);
const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();

function checkPassword(password: string): void {
  if (typeof password !== 'string' || [...password].length < 10) throw invalid('password', 'too_small', 'must be at least 10 characters');
  if (password.length > 200) throw invalid('password', 'format', 'must be at most 200 characters');
}

const accountOf = (r: Record<string, unknown>): CounterAccount => ({
  name: String(r.name),
  role: String(r.role) as CounterRole,
  displayName: String(r.display_name),
  createdAt: String(r.created_at),
  disabledAt: r.disabled_at == null ? null : String(r.disabled_at),
  lockedUntil: r.locked_until == null ? null : String(r.locked_until),
});

export class CounterAccounts {
  // A register's accounts come from `register.accounts`; the database driver is not a host's to hand in.
  private constructor(private readonly driver: Driver) {}

  /**
   * The accounts kept in a register's database.
   * @internal
   */
  static over(driver: Driver): CounterAccounts {
    return new CounterAccounts(driver);
  }

  /**
   * Makes an account.
   * @throws SuketError INVALID_INPUT (`name`, `role`, `password`, `displayName`) for a bad or taken name, an unknown role, a password under 10 characters.
   * @example await register.accounts.add('siti', 'petugas', passwordFromStdin, 'Siti Rahmawati');
   */
  async add(name: string, role: string, password: string, displayName = name): Promise<CounterAccount> {
    if (!NAME_PATTERN.test(name)) throw invalid('name', 'format', 'must be 1 to 63 lower-case letters, digits, . _ or -, starting with a letter or digit');
    if (!(COUNTER_ROLES as readonly string[]).includes(role)) throw invalid('role', 'not_allowed', `must be one of: ${COUNTER_ROLES.join(', ')}`);
    if (!displayName.trim() || displayName.length > 100) throw invalid('displayName', 'format', 'must be 1 to 100 characters');
    checkPassword(password);
    const hash = await hashPassword(password);
    const createdAt = new Date().toISOString();
    await this.driver.write(async (q) => {
      if ((await q.all('SELECT name FROM counter_accounts WHERE name = ?', [name])).length)
        throw invalid('name', 'conflict', `an account named ${name} exists (choose another name)`);
      await q.run('INSERT INTO counter_accounts (name, role, display_name, password_hash, failures, created_at) VALUES (?, ?, ?, ?, 0, ?)', [
        name,
        role,
        displayName.trim(),
        hash,
        createdAt,
      ]);
    });
    return { name, role: role as CounterRole, displayName: displayName.trim(), createdAt, disabledAt: null, lockedUntil: null };
  }

  /** Every account, disabled ones too, by name. */
  async list(): Promise<CounterAccount[]> {
    return (await this.driver.read((q) => q.all('SELECT * FROM counter_accounts ORDER BY name'))).map(accountOf);
  }

  /**
   * Sets a new password, and unlocks the account.
   * @throws SuketError INVALID_INPUT (`name`, `password`).
   */
  async setPassword(name: string, password: string): Promise<void> {
    checkPassword(password);
    const hash = await hashPassword(password);
    const changed = await this.driver.write((q) =>
      q.run('UPDATE counter_accounts SET password_hash = ?, failures = 0, locked_until = NULL WHERE name = ?', [hash, name]),
    );
    if (changed !== 1) throw invalid('name', 'not_allowed', `no account is named ${name}`);
  }

  /**
   * Stops an account working and ends its sessions.
   * @throws SuketError INVALID_INPUT (`name`) for an account that does not exist or is disabled already.
   */
  async disable(name: string): Promise<void> {
    const changed = await this.driver.write(async (q) => {
      await q.run('DELETE FROM counter_sessions WHERE account = ?', [name]);
      return q.run('UPDATE counter_accounts SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL', [new Date().toISOString(), name]);
    });
    if (changed !== 1) throw invalid('name', 'not_allowed', `no active account is named ${name}`);
  }

  /**
   * Checks a name and password. An unknown or disabled name takes as long as a wrong password;
   * a locked account is refused without its password being checked.
   */
  async login(name: string, password: string, now = new Date()): Promise<LoginResult> {
    const [row] = await this.driver.read((q) => q.all('SELECT * FROM counter_accounts WHERE name = ?', [name]));
    const account = row && row.disabled_at == null ? accountOf(row) : undefined;
    if (account?.lockedUntil && account.lockedUntil > now.toISOString()) return { ok: false, reason: 'locked', until: account.lockedUntil };
    const matches = await passwordMatches(String(password), account ? String(row!.password_hash) : DECOY_HASH);
    if (!account) return { ok: false, reason: 'wrong' };
    if (matches) {
      await this.driver.write((q) => q.run('UPDATE counter_accounts SET failures = 0, locked_until = NULL WHERE name = ?', [name]));
      return { ok: true, account: { ...account, lockedUntil: null } };
    }
    return this.#failed(name, now);
  }

  async #failed(name: string, now: Date): Promise<LoginResult> {
    return this.driver.write(async (q) => {
      await q.run('UPDATE counter_accounts SET failures = failures + 1 WHERE name = ?', [name]);
      const [row] = await q.all('SELECT failures FROM counter_accounts WHERE name = ?', [name]);
      if (Number(row?.failures) < LOCKOUT.failures) return { ok: false, reason: 'wrong' } as const;
      const until = minutesAfter(now, LOCKOUT.minutes);
      await q.run('UPDATE counter_accounts SET failures = 0, locked_until = ? WHERE name = ?', [until, name]);
      await q.run('DELETE FROM counter_sessions WHERE account = ?', [name]);
      return { ok: false, reason: 'locked', until } as const;
    });
  }

  /** A new session for an account: its token (for the cookie, kept only as a hash) and its CSRF token. */
  async openSession(name: string, now = new Date()): Promise<{ token: string; csrf: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const at = now.toISOString();
    await this.driver.write((q) =>
      q.run('INSERT INTO counter_sessions (token_hash, account, csrf, created_at, seen_at) VALUES (?, ?, ?, ?, ?)', [digest(token), name, csrf, at, at]),
    );
    return { token, csrf };
  }

  /** The account and CSRF token of a live session, or undefined (unknown, idle too long, too old, or its account disabled); marks it used. */
  async session(token: string, now = new Date()): Promise<{ account: CounterAccount; csrf: string } | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const hash = digest(token);
    const [row] = await this.driver.read((q) =>
      q.all(
        'SELECT s.csrf, s.created_at AS opened, s.seen_at, a.* FROM counter_sessions s JOIN counter_accounts a ON a.name = s.account WHERE s.token_hash = ? AND a.disabled_at IS NULL',
        [hash],
      ),
    );
    if (!row) return undefined;
    const idle = now.getTime() - Date.parse(String(row.seen_at));
    if (idle > SESSION_LIMITS.idleMinutes * 60_000 || now.getTime() - Date.parse(String(row.opened)) > SESSION_LIMITS.maxHours * 3_600_000) {
      await this.closeSession(token);
      return undefined;
    }
    // Written at most every half minute: a page's requests do not each write to the database.
    if (idle > 30_000) await this.driver.write((q) => q.run('UPDATE counter_sessions SET seen_at = ? WHERE token_hash = ?', [now.toISOString(), hash]));
    return { account: accountOf(row), csrf: String(row.csrf) };
  }

  /** Ends a session (logging out). */
  async closeSession(token: string): Promise<void> {
    await this.driver.write((q) => q.run('DELETE FROM counter_sessions WHERE token_hash = ?', [digest(token)]));
  }
}
