/** Paper sizes by name: a module of its own so the CLI can name them without loading the template schema. */
import { say } from '../language/catalogue.js';
import type { Language } from '../language/language.js';

/**
 * The paper sizes suket knows by name, in mm. `safeArea` is where a
 * template's coordinates start on that paper: the top edge of its `y` and
 * the bottom edge of `anchor: "bottom"`. F4's keeps everything inside what
 * an A4 printer prints of an F4 page at 100%, whether the printer aligns
 * the page at the top (the bottom 33 mm are lost) or centres it (16.5 mm at
 * each end), with 4 mm to spare for the printer's own margin at both cuts: so the
 * seal, the photo and the signatory's name and NIP survive either paper.
 * What is left is A4's height, so a template that fits A4 fits F4.
 */
export const PAPERS = Object.freeze({
  F4: Object.freeze({ width: 215, height: 330, safeArea: Object.freeze({ top: 9.2, bottom: 23.8 }) }),
  A4: Object.freeze({ width: 210, height: 297 }),
});
export type PaperName = keyof typeof PAPERS;

/**
 * What to tell whoever prints a file made for this paper.
 * @example printAdvice('F4') // 'print on F4 (215 x 330 mm) at 100% ...'
 */
export function printAdvice(paper: string, language: Language = 'en'): string {
  const known = (PAPERS as Record<string, { width: number; height: number; safeArea?: unknown }>)[paper];
  const size = known ? ` (${known.width} x ${known.height} mm)` : '';
  const holds = known?.safeArea ? say(language, 'print.a4_holds') : '';
  return say(language, 'print.advice', { paper, size, holds });
}
