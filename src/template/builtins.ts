/** The templates that ship in templates/, by name (light: the CLI reads it at start). */
export const BUILTIN_TEMPLATES = Object.freeze(['suket-ktp-el', 'surat-domisili'] as const);
export const DEFAULT_TEMPLATE = 'suket-ktp-el';
