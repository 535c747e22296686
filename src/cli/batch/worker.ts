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

/** The office's settings tried on the invented sample resident: a template, logo or key that cannot print fails here, before any number. */
async function checkOffice(): Promise<void> {
  const [{ preflight }, { samplePortrait, sampleResident }] = await Promise.all([import('../../render/index.js'), import('../../sample.js')]);
  await preflight({ ...sampleResident(), photo: await samplePortrait() }, { ...options, issuance: { ...options.issuance, sequence: 1 } });
}

async function render(job: JobMessage): Promise<ResultMessage> {
  try {
    if (job.check) {
      await checkOffice();
      return { row: 0, ok: false, issues: [] };
    }
    const issued = await writeCertificateFile(join(outDir, job.file), job.resident, {
      ...options,
      issuance: mergeIssuance(options.issuance ?? {}, { number: job.number }),
    });
    const { pdf, sha256, barcodeText, template, paper, resident, issuance, number } = issued;
    const warnings = issued.warnings.map(({ path, code, message }) => ({ path, code, message }));
    return { row: job.row, ok: true, number, file: job.file, sha256, warnings, pdf, barcodeText, template, paper, resident, issuance };
  } catch (e) {
    return isSuketError(e)
      ? { row: job.row, ok: false, error: e.code, issues: e.issues.map(({ path, code, message }) => ({ path, code, message })) }
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
