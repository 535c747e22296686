/** `templates check` renders: what passes it lays out any valid certificate; what would fail at print time fails here. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES, checkTemplate, issueCertificate, SuketError } from '../src/index.js';
import { extremeInputs } from '../src/template/extremes.js';
import { photo } from './helpers.js';

const copy = (name: string, change: (def: { elements: Array<Record<string, unknown>> }) => void): string => {
  const dir = mkdtempSync(join(tmpdir(), 'suket-check-'));
  const def = JSON.parse(readFileSync(new URL(`../templates/${name}/template.json`, import.meta.url), 'utf8'));
  change(def);
  writeFileSync(join(dir, 'template.json'), JSON.stringify(def));
  return dir;
};

describe('checkTemplate', () => {
  it.each(BUILTIN_TEMPLATES.map((t) => [t]))('%s passes on every paper, sealed and unsealed, shortest and longest', async (name) => {
    const r = await checkTemplate(name);
    expect(r.rendered).toBe(r.papers.length * 3 * 2);
  });

  it('the longest values the validator admits print on every built-in template and paper', async () => {
    const [longest] = extremeInputs(await photo());
    for (const template of BUILTIN_TEMPLATES)
      for (const paper of ['F4', 'A4'])
        await expect(issueCertificate(longest!.resident, { issuance: longest!.issuance, template, paper })).resolves.toBeTruthy();
  });

  it('a barcode moved off the A4 page loads, and fails the check naming paper and element', async () => {
    const dir = copy('suket-ktp-el', (def) => {
      const barcode = def.elements.find((e) => e.type === 'barcode')!;
      barcode.anchor = 'top';
      barcode.y = 280; // inside F4 and A4 as a point, but the code is 30 mm tall
    });
    const e = await checkTemplate(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SuketError);
    const issue = (e as SuketError).issues.find((i) => i.code === 'template_layout')!;
    expect(issue.path).toMatch(/^template\.elements\[\d+\]$/);
    expect(issue.message).toMatch(/on (F4|A4), sealed/);
  });

  it('a text box too narrow for the longest name fails the check, naming the field and the input', async () => {
    const dir = copy('suket-ktp-el', (def) => {
      const table = def.elements.find((e) => e.type === 'table') as { rows: Array<{ label: string; maxLines?: number }> };
      table.rows.find((r) => r.label === 'Nama')!.maxLines = 1;
    });
    const e = (await checkTemplate(dir).catch((x: unknown) => x)) as SuketError;
    expect(e.issues.map((i) => i.path)).toContain('name');
    expect(e.issues.find((i) => i.path === 'name')!.message).toContain('with every field at its longest');
  });
});
