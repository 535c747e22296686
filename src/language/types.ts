/** The catalogues' types, apart from the catalogues: the error model names them without loading them. */
export type { MessageKey } from './en.js';

/** What fills a message's `{name}`s: counts, limits, column headers, never a personal value. */
export type MessageParams = Readonly<Record<string, string | number>>;
