import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The unit tier: tests of `src/` alone, in a minute, with no build, no
 * root, no service, no CLI process, no PostgreSQL and no browser
 * (`npm run test:unit`). Everything else is the integration tier: the
 * built `dist/`, the CLI, the service, PostgreSQL, Chromium, PHP.
 * `npm test` runs both.
 */
export const UNIT = [
  'test/accounts.test.ts',
  'test/batch-parts.test.ts',
  'test/check-once.test.ts',
  'test/engines.test.ts',
  'test/font-subset.test.ts',
  'test/image-end.test.ts',
  'test/import-graph.test.ts',
  'test/language.test.ts',
  'test/layout.test.ts',
  'test/openapi-routes.test.ts',
  'test/owner.test.ts',
  'test/pdfkit-door.test.ts',
  'test/printing.test.ts',
  'test/qr.test.ts',
  'test/seal.test.ts',
  'test/spreadsheet-cells.test.ts',
  'test/stand-ins.test.ts',
  'test/template-check.test.ts',
  'test/trust.test.ts',
  'test/unicode-trie.test.ts',
  'test/validate.test.ts',
  'test/workbook.test.ts',
];

export default defineConfig({
  // The same constant tsup defines for the built package.
  define: { __SUKET_VERSION__: JSON.stringify(version) },
  test: {
    // Two cores: rendering tests are CPU-bound, more workers only queue.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A page waited on in Chromium (a list after a login's 128 MiB of scrypt, on a loaded CI machine) may take seconds.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
          // A real PostgreSQL server for the register tests, Chromium and PHP, set up when missing.
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
