/** One batch worker thread: renders rows (a few at once) and writes each PDF atomically. */
import { workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { writeCertificateFile } from '../../write.js';
import { isSuketError } from '../../errors.js';
import type { GenerateOptions } from '../../generate.js';
import { mergeIssuance } from '../../validate/issuance.js';
import { serveJobs, wholeBuffer } from '../../worker-pool.js';
import type { JobMessage, ResultMessage } from './protocol.js';

const { options, outDir } = workerData as { options: GenerateOptions; outDir: string };

async function render(job: JobMessage): Promise<ResultMessage> {
  try {
    const issued = await writeCertificateFile(join(outDir, job.file), job.resident, {
      ...options,
      issuance: mergeIssuance(options.issuance ?? {}, { number: job.number }),
    });
    const { pdf, sha256, barcodeText, template, paper, resident, issuance, number } = issued;
    const warnings = issued.warnings.map(({ path, code, message }) => ({ path, code, message }));
    return { row: job.row, ok: true, number, file: job.file, sha256, warnings, pdf, barcodeText, template, paper, resident, issuance };
  } catch (e) {
    return isSuketError(e)
      ? { row: job.row, ok: false, issues: e.issues.map(({ path, code, message }) => ({ path, code, message })) }
      : {
          row: job.row,
          ok: false,
          issues: [{ path: '', code: 'internal', message: 'unexpected failure (run with --debug)' }],
          debug: String((e as Error)?.stack ?? e),
        };
  }
}

// The PDF's bytes move to the main thread rather than being copied.
serveJobs(render, (result) => (result.ok ? wholeBuffer(result.pdf) : []));
