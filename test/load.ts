/**
 * How large the suite's load runs are: small in `npm test`, so every
 * property they check (distinct, gapless numbers; every seal its own
 * resident's; bounded memory) is checked on every change in seconds, and
 * full in `npm run bench:load` (SUKET_LOAD=full), which runs the very same
 * tests at the sizes README, SECURITY.md and BENCHMARKS.md quote.
 */
const full = process.env.SUKET_LOAD === 'full';

export const LOAD = Object.freeze({
  full,
  /** Requests over two servers sharing one PostgreSQL register, at concurrency 32. */
  requests: full ? 1000 : 200,
  /** issueCertificate calls at once in one process, their results kept. */
  keptCalls: full ? 1000 : 200,
  /** issueCertificate calls at once in one process, each result checked and dropped. */
  droppedCalls: full ? 3000 : 200,
  /** Certificates each of four processes issues at once into one register. */
  perProcess: full ? 100 : 25,
});

/** 1000 as "1,000", for test names. */
export const count = (n: number): string => n.toLocaleString('en');
