/** Messages between the batch and its worker threads. */
export interface JobMessage {
  row: number;
  sequence: number;
  file: string;
  resident: Record<string, unknown>;
}

export type ResultMessage =
  | { row: number; ok: true; number: string; file: string; sha256: string; warnings: string[] }
  | { row: number; ok: false; issues: Array<{ path: string; code: string; message: string }>; debug?: string };
