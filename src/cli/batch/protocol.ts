/** Messages between the batch and its worker threads. */
export interface JobMessage {
  row: number;
  sequence: number;
  file: string;
  resident: Record<string, unknown>;
}

/** A row's problem or warning: a field path, a stable code, a message without the value. */
export interface RowProblem {
  path: string;
  code: string;
  message: string;
}

export type ResultMessage =
  | { row: number; ok: true; number: string; file: string; sha256: string; warnings: RowProblem[] }
  | { row: number; ok: false; issues: RowProblem[]; debug?: string };
