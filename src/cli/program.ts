/** The suket command's tree: every command, its flags and help, in the reader's language. */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { say } from '../language/catalogue.js';
import type { Language } from '../language/language.js';
import { localiseHelp } from './help-language.js';
import { addTo as batch } from './commands/batch.js';
import { addTo as calibrate } from './commands/calibrate.js';
import { addTo as demo } from './commands/demo.js';
import { addTo as generate } from './commands/generate.js';
import { addTo as init } from './commands/init.js';
import { addTo as keygen } from './commands/keygen.js';
import { addTo as preview } from './commands/preview.js';
import { addTo as register } from './commands/register.js';
import { addTo as serve } from './commands/serve.js';
import { addTo as templates } from './commands/templates.js';
import { addTo as trust } from './commands/trust.js';
import { addTo as verifier } from './commands/verifier.js';
import { addTo as verify } from './commands/verify.js';

/**
 * The program, its help in `language`.
 * @example buildProgram('id').parseAsync(process.argv)
 */
export function buildProgram(language: Language): Command {
  const program = new Command('suket')
    .description('Surat keterangan pengganti KTP-el: print-ready PDFs with a signed seal anyone can check offline')
    .version(VERSION)
    .option('--debug', 'print stack traces and causes')
    .option('--lang <language>', 'the language of messages and help: id or en (default: SUKET_LANG, else the locale)')
    .showHelpAfterError(say(language, 'cli.help_hint'))
    .exitOverride();

  for (const command of [init, generate, batch, register, serve, keygen, trust, verify, verifier, templates, preview, calibrate, demo]) command(program);
  localiseHelp(program, language);
  return program;
}
