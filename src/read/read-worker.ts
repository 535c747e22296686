/** One reading thread: PDFs and pictures in, one at a time; their QR codes, photos and facts, or a page's PNG, out. */
import { serveJobs, wholeBuffer } from '../worker-pool.js';
import type { ReadJob, ReadResult } from './read-protocol.js';
import { readInThread } from './scan.js';

// A page's PNG moves to the caller rather than being copied.
serveJobs<ReadJob, ReadResult>(
  (job) => readInThread(job).catch((): ReadResult => ({ kind: 'refused', message: 'could not be read' })),
  (result) => (result.kind === 'page' ? wholeBuffer(result.png) : []),
);
