import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // The same constant tsup defines for the built package.
  define: { __SUKET_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // A real PostgreSQL server for the register tests, started when it is not running.
    globalSetup: ['test/global-setup.ts'],
    // Two cores: rendering tests are CPU-bound, more workers only queue.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
