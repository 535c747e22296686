/** One batch worker thread: renders rows and writes each PDF atomically. */
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { writeCertificateFile } from '../../write.js';
import { isSuketError } from '../../errors.js';
import type { GenerateOptions } from '../../generate.js';
import type { JobMessage, ResultMessage } from './protocol.js';

const { options, outDir } = workerData as { options: GenerateOptions; outDir: string };

parentPort!.on('message', async (job: JobMessage) => {
  let result: ResultMessage;
  try {
    const issued = await writeCertificateFile(join(outDir, job.file), job.resident, { ...options, issuance: { ...options.issuance, sequence: job.sequence } });
    const warnings = issued.warnings.map(({ path, code, message }) => ({ path, code, message }));
    result = { row: job.row, ok: true, number: issued.number, file: job.file, sha256: issued.sha256, warnings };
  } catch (e) {
    result = isSuketError(e)
      ? { row: job.row, ok: false, issues: e.issues.map(({ path, code, message }) => ({ path, code, message })) }
      : {
          row: job.row,
          ok: false,
          issues: [{ path: '', code: 'internal', message: 'unexpected failure (run with --debug)' }],
          debug: String((e as Error)?.stack ?? e),
        };
  }
  parentPort!.postMessage(result);
});
