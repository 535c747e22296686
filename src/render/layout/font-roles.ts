/** The fonts a template names: a module of its own, so the page's types and the elements' schemas share them without a cycle. */
export const FONT_ROLES = ['regular', 'bold', 'italic'] as const;
export type FontRole = (typeof FONT_ROLES)[number];
