/**
 * Bahasa Indonesia for people (issue 34): one catalogue per language with
 * the same keys and parameters; the help of every command, argument and
 * flag in both; the language chosen as documented. A real `suket` process
 * speaking it: `language-cli.test.ts`.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { catalogues, issueOf, messageIn, say } from '../src/language/catalogue.js';
import { HELP_ID } from '../src/language/help-id.js';
import { languageOf, languageOfRequest } from '../src/language/language.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the catalogues', () => {
  it("hold the same keys, each with the same parameters (but English's article), and no empty sentence", () => {
    expect(Object.keys(catalogues.id).sort()).toEqual(Object.keys(catalogues.en).sort());
    for (const [key, english] of Object.entries(catalogues.en)) {
      const indonesian = catalogues.id[key as keyof typeof catalogues.id];
      // Indonesian has no article ('a string', 'an object'): the one parameter a language may leave out.
      expect(placeholders(indonesian), key).toEqual(placeholders(english).filter((p) => p !== 'article'));
      expect(indonesian.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
    }
  });

  it('fill parameters, and word an issue by its key, else by its code with the English detail', () => {
    expect(say('id', 'field.too_long', { max: 60 })).toBe('paling banyak 60 karakter');
    const worded = issueOf('name', 'too_long', 'field.too_long', { max: 60 });
    expect(worded.message).toBe('must be at most 60 characters');
    expect(messageIn('id', worded)).toBe('paling banyak 60 karakter');
    expect(messageIn('en', worded)).toBe('must be at most 60 characters');
    const plain = { path: 'key', code: 'seal_key' as const, message: 'the key file is empty' };
    expect(messageIn('id', plain)).toBe('bukan kunci segel yang dapat dipakai (the key file is empty)');
    expect(messageIn('en', plain)).toBe('the key file is empty');
  });
});

/** Every description in a command tree: commands, arguments and flags. */
function descriptions(command: Command): string[] {
  return [
    command.description(),
    ...command.registeredArguments.map((a) => a.description),
    ...command.options.map((o) => o.description ?? ''),
    ...command.commands.flatMap(descriptions),
  ].filter((d) => d !== '');
}

describe('the help', () => {
  const english = descriptions(buildProgram('en'));
  const COMMANDER = ['display help for command', 'output the version number', 'Usage:', 'Options:', 'Arguments:', 'Commands:', 'Global Options:'];

  it('has an Indonesian line for every command, argument and flag, and none for text no command has', () => {
    expect(english.length).toBeGreaterThan(150);
    expect(english.filter((d) => !Object.hasOwn(HELP_ID, d))).toEqual([]);
    const used = new Set([...english, ...COMMANDER]);
    expect(Object.keys(HELP_ID).filter((k) => !used.has(k))).toEqual([]);
  });

  it('is Indonesian in the tree built for Indonesian: no English description is left', () => {
    const indonesian = new Set(descriptions(buildProgram('id')));
    expect(english.filter((d) => indonesian.has(d) && HELP_ID[d] !== d)).toEqual([]);
  });
});

describe('the language chosen', () => {
  it.each([
    [undefined, { LANG: 'id_ID.UTF-8' }, 'id'],
    [undefined, { LANG: 'in_ID' }, 'id'],
    [undefined, { LANG: 'en_US.UTF-8' }, 'en'],
    [undefined, {}, 'en'],
    [undefined, { LANG: 'C.UTF-8' }, 'en'],
    [undefined, { LANG: 'en_US.UTF-8', LC_ALL: 'id_ID.UTF-8' }, 'id'],
    [undefined, { LANG: 'id_ID.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' }, 'en'],
    [undefined, { LANG: 'en_US.UTF-8', SUKET_LANG: 'id' }, 'id'],
    ['en', { LANG: 'id_ID.UTF-8', SUKET_LANG: 'id' }, 'en'],
    ['id', {}, 'id'],
    // "indonesia" is not a locale name: only id and in are.
    [undefined, { LANG: 'indonesia' }, 'en'],
  ] as const)('--lang %s with %j: %s', (flag, env, expected) => {
    expect(languageOf(flag, env)).toBe(expected);
  });

  it.each([
    ['id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7', 'id'],
    ['en-US,en;q=0.9,id;q=0.8', 'en'],
    ['id', 'id'],
    ['en;q=0.5, id;q=0.6', 'id'],
    ['fr-FR', 'en'],
    ['id;q=0', 'en'],
    [undefined, 'en'],
    ['*', 'en'],
  ] as const)('Accept-Language %s: %s', (header, expected) => {
    expect(languageOfRequest(header)).toBe(expected);
  });
});
