/**
 * The declarations a host compiles against say only what is meant (issue
 * 35): what the batch and the CLI use of the register (`reserve`, `finish`,
 * `each`, `load` ...) is marked @internal and stripped from dist/'s types,
 * while the calls a host makes are there, with the typed resident offered
 * beside `unknown`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every declaration file of a build (the entries' and the chunks they share), as one text. */
const declarations = (ending: string) =>
  readdirSync('dist')
    .filter((f) => f.endsWith(ending))
    .map((f) => readFileSync(`dist/${f}`, 'utf8'))
    .join('\n');
const types = [declarations('.d.ts'), declarations('.d.cts')];

/** The body of a declared class, up to its closing brace at the start of a line. */
const classBody = (text: string, name: string) => {
  const start = text.indexOf(`declare class ${name} {`);
  return text.slice(start, text.indexOf('\n}', start));
};

describe("the package's declarations", () => {
  it.each(types.map((t, i) => [i ? 'CommonJS' : 'ESM', t]))('%s: no @internal member of the register, the host calls kept', (_kind, text) => {
    expect(text).not.toContain('@internal');
    const register = classBody(text, 'Register');
    expect(register.length).toBeGreaterThan(500);
    for (const internal of ['reserve(', 'finish(', 'finishMany(', 'release(', 'each(', 'load(']) expect(register, internal).not.toContain(`    ${internal}`);
    for (const call of ['issue(', 'void(', 'replace(', 'find(', 'reprint(', 'revocations(']) expect(register, call).toContain(`    ${call}`);
    expect(text).not.toMatch(/declare function issuePrepared/);
    // A register is opened with openRegister(): its store and database driver are not in the types a host sees.
    expect(register).toContain('private constructor();');
    for (const inside of ['SqlStore', 'interface Driver', 'static over(']) expect(text, inside).not.toContain(inside);
    // zod is bundled: the types a host compiles against do not name it (the template's types are plain).
    expect(text).not.toMatch(/from ['"]zod['"]|import\(['"]zod['"]\)|\bZod[A-Z]\w*</);
    expect(text).toMatch(/interface TemplateDefinition \{/);
    expect(text).toMatch(/declare function generateCertificate\(resident: ResidentInput, options\?: GenerateOptions\): Promise<Uint8Array>;/);
    expect(text).toMatch(/declare function generateCertificate\(resident: unknown, options\?: GenerateOptions\): Promise<Uint8Array>;/);
  });
});
