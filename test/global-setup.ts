/**
 * Before any test file: the PostgreSQL server the register tests need. On
 * this project's machines it is installed but stopped; it is started here
 * when it does not answer (as .ci/run does), and a clear error says how
 * otherwise.
 */
import { execFileSync } from 'node:child_process';
import { postgresUp } from './postgres.js';

export default async function setup(): Promise<void> {
  if (await postgresUp()) return;
  try {
    execFileSync('bash', [new URL('../scripts/test-postgres.sh', import.meta.url).pathname], { stdio: 'inherit' });
  } catch {
    // reported below
  }
  if (!(await postgresUp()))
    throw new Error(
      'the register tests need PostgreSQL: run scripts/test-postgres.sh as root (it installs, starts and prepares it), or set SUKET_TEST_POSTGRES to a postgres:// URL of a role that may create databases',
    );
}
