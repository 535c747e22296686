/**
 * `suket templates check`: a template is rendered, not only read, before an
 * office relies on it: on each of its papers, sealed and unsealed, with the
 * sample resident, with every field at its shortest, and with every field
 * at the longest the validator admits. A template that passes lays out any
 * valid certificate.
 */
import { SuketError, type Issue } from './errors.js';
import { issueCertificate } from './generate.js';
import { generateSealKeys } from './seal/keys.js';
import { extremeInputs } from './template/extremes.js';
import { loadTemplate } from './template/load.js';

export interface TemplateCheck {
  name: string;
  papers: string[];
  elements: number;
  /** How many renderings passed (papers x inputs x sealed/unsealed). */
  rendered: number;
}

/**
 * Loads a template and renders it with the most demanding valid input.
 * @throws SuketError INVALID_TEMPLATE when it cannot load, or listing every rendering that fails,
 *   each issue's message saying on which paper and with which input.
 * @example const report = await checkTemplate('./templat-kabupaten'); // { name, papers, rendered }
 */
export async function checkTemplate(source: string | object, baseDir?: string): Promise<TemplateCheck> {
  const template = await loadTemplate(source, baseDir);
  // The sample draws its portrait with sharp: loaded when a template is checked.
  const { sampleIssuance, samplePortrait, sampleResident } = await import('./sample.js');
  const photo = await samplePortrait();
  const inputs = [
    { label: 'the sample resident', resident: { ...sampleResident(), photo }, issuance: sampleIssuance() },
    ...extremeInputs(photo).map((x) => ({ ...x, label: `every field at its ${x.label}` })),
  ];
  const seal = { privateKey: generateSealKeys().privateKeyPem };
  const issues: Issue[] = [];
  let rendered = 0;
  for (const paper of template.papers)
    for (const input of inputs)
      for (const sealed of [true, false]) {
        try {
          await issueCertificate(input.resident, {
            template: source,
            ...(baseDir ? { templateDir: baseDir } : {}),
            paper: paper.name,
            issuance: input.issuance,
            ...(sealed ? { seal } : {}),
          });
          rendered++;
        } catch (e) {
          if (!(e instanceof SuketError)) throw e;
          const on = `on ${paper.name}, ${sealed ? 'sealed' : 'unsealed'}, with ${input.label}`;
          for (const i of e.issues)
            if (!issues.some((x) => x.path === i.path && x.message.startsWith(i.message))) issues.push({ ...i, message: `${i.message} (${on})` });
        }
      }
  if (issues.length) throw new SuketError('INVALID_TEMPLATE', issues);
  return { name: template.definition.name, papers: template.papers.map((p) => p.name), elements: template.definition.elements.length, rendered };
}
