/**
 * Before any test file: the PostgreSQL server the register tests need, the
 * Chromium the verifier and counter tests drive, the Firefox the counter's
 * second-engine test drives, and PHP for the service's client test. On this
 * project's machines PostgreSQL is installed but stopped and the browsers
 * are not installed; they are set up here when missing (as .ci/run does),
 * and a clear error says how otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { postgresUp } from './postgres.js';

export default async function setup(): Promise<void> {
  const php = spawnSync('php', ['--version']).status === 0;
  if ((await postgresUp()) && existsSync('/usr/bin/chromium') && existsSync('/usr/bin/firefox-esr') && php) return;
  try {
    execFileSync('bash', [new URL('../scripts/test-services.sh', import.meta.url).pathname], { stdio: 'inherit' });
  } catch {
    // reported below
  }
  if (!(await postgresUp()))
    throw new Error(
      'the register tests need PostgreSQL: run scripts/test-services.sh as root (it installs, starts and prepares it, and the browsers), or set SUKET_TEST_POSTGRES to a postgres:// URL of a role that may create databases',
    );
}
