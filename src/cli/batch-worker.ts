/** One batch worker thread: renders rows and writes each PDF atomically. */
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { writeCertificateFile } from '../write.js';
import { isSuketError } from '../errors.js';
import type { GenerateOptions } from '../generate.js';
import type { ResidentInput } from '../validate/resident.js';
import type { JobMessage, ResultMessage } from './batch-protocol.js';

const { options, outDir } = workerData as { options: GenerateOptions; outDir: string };

parentPort!.on('message', async (job: JobMessage) => {
  let result: ResultMessage;
  try {
    const issued = await writeCertificateFile(join(outDir, job.file), job.resident as unknown as ResidentInput, {
      ...options,
      issuance: { ...options.issuance, sequence: job.sequence },
    });
    result = { row: job.row, ok: true, number: issued.number, file: job.file, sha256: issued.sha256, warnings: issued.warnings.map((w) => w.code) };
  } catch (e) {
    result = isSuketError(e)
      ? { row: job.row, ok: false, issues: e.issues.map((i) => ({ path: i.path, code: i.code, message: i.message })) }
      : { row: job.row, ok: false, issues: [{ path: '', code: 'internal', message: 'unexpected failure (run with --debug)' }], debug: String((e as Error)?.stack ?? e) };
  }
  parentPort!.postMessage(result);
});
