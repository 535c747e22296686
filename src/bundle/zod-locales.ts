/**
 * Stands in for zod's locale index in the build (tsup.config.ts): zod sets
 * English as its default and re-exports every other locale, 370 KB that
 * every import of suket compiled. suket writes its own messages and never
 * selects a zod locale.
 */
export { default as en } from 'zod/v4/locales/en.js';
