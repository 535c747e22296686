// Writes schema/template.schema.json from the template schema in src/.
import { writeFileSync } from 'node:fs';
import { templateJsonSchema } from '../src/template/schema.js';

const schema = { title: 'suket template', ...templateJsonSchema() };
writeFileSync('schema/template.schema.json', JSON.stringify(schema, null, 2) + '\n');
console.log('wrote schema/template.schema.json');
