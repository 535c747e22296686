/** Messages between the service and its render threads. */
import type { GenerateOptions, IssuedCertificate } from '../generate.js';
import type { Issue, SuketErrorCode } from '../errors.js';

export interface RenderJob {
  resident: unknown;
  options: GenerateOptions;
}

export type RenderResult =
  | { ok: true; issued: IssuedCertificate }
  | { ok: false; error: { code: SuketErrorCode; issues: Issue[] } }
  | { ok: false; unexpected: string };
