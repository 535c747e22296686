/** `suket templates list|check|schema`. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BUILTIN_TEMPLATES } from '../../template/builtins.js';
import { example, lib, out } from '../common.js';

export function addTo(program: Command): void {
  const templates = program.command('templates').description('list, check and describe templates');
  example(templates.command('list').description('the built-in templates'), 'suket templates list').action(async () => {
    const { loadTemplate } = await lib();
    for (const name of BUILTIN_TEMPLATES) {
      const t = await loadTemplate(name);
      out(`${name}  (${t.papers.map((p) => p.name).join(', ')})  ${t.definition.description ?? ''}`);
    }
  });
  example(
    templates
      .command('check')
      .description('load a template and render it on each paper with the shortest and longest values the validator admits')
      .argument('<dir>'),
    'suket templates check ./templat-kantor',
  ).action(async (dir: string) => {
    const { checkTemplate } = await lib();
    const r = await checkTemplate(resolve(dir));
    out(`ok: ${r.name} (${r.papers.join(', ')}), ${r.elements} elements; ${r.rendered} renderings with the shortest and longest valid values`);
  });
  example(templates.command('schema').description('print the JSON Schema of template.json'), 'suket templates schema > template.schema.json').action(
    async () => {
      const { templateJsonSchema } = await lib();
      out(JSON.stringify({ title: 'suket template', ...templateJsonSchema() }, null, 2));
    },
  );
}
