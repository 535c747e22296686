/** One render thread of the service: a certificate in, its bytes and details out. */
import { parentPort } from 'node:worker_threads';
import { isSuketError } from '../errors.js';
import { issueCertificate } from '../generate.js';
import type { RenderJob, RenderResult } from './render-protocol.js';

parentPort!.on('message', async (job: RenderJob) => {
  let result: RenderResult;
  try {
    result = { ok: true, issued: await issueCertificate(job.resident, job.options) };
  } catch (e) {
    result = isSuketError(e)
      ? { ok: false, error: { code: e.code, issues: e.issues.map(({ path, code, message }) => ({ path, code, message })) } }
      : // The stack only: an unexpected error's message could quote input.
        { ok: false, unexpected: String((e as Error)?.stack?.split('\n').slice(1).join('\n') ?? 'unknown') };
  }
  const pdf = result.ok ? result.issued.pdf : undefined;
  // The PDF's bytes move to the main thread rather than being copied.
  parentPort!.postMessage(result, pdf && pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? [pdf.buffer as ArrayBuffer] : []);
});
