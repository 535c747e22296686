/** One render thread of the service: certificates in (a few at once), their bytes and details out. */
import { isSuketError } from '../errors.js';
import { issueCertificate } from '../generate.js';
import { serveJobs, wholeBuffer } from '../worker-pool.js';
import type { RenderJob, RenderResult } from './render-protocol.js';

async function render(job: RenderJob): Promise<RenderResult> {
  try {
    return { ok: true, issued: await issueCertificate(job.resident, job.options) };
  } catch (e) {
    return isSuketError(e)
      ? { ok: false, error: { code: e.code, issues: e.issues.map(({ path, code, message }) => ({ path, code, message })) } }
      : // The stack only: an unexpected error's message could quote input.
        { ok: false, unexpected: String((e as Error)?.stack?.split('\n').slice(1).join('\n') ?? 'unknown') };
  }
}

// The PDF's bytes move to the main thread rather than being copied.
serveJobs(render, (result) => (result.ok ? wholeBuffer(result.issued.pdf) : []));
