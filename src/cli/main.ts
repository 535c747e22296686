/**
 * The suket command. Exit codes: 0 done, 1 something failed (bad input, an
 * invalid seal, some batch rows), 2 the command line itself is wrong, 130
 * interrupted. User mistakes print one clear line per problem; stack
 * traces and causes only with --debug.
 */
import { Command, CommanderError } from 'commander';
import { SuketError } from '../errors.js';
import { VERSION } from '../version.js';
import { err, Failed } from './common.js';
import { register as batch } from './commands/batch.js';
import { register as calibrate } from './commands/calibrate.js';
import { register as demo } from './commands/demo.js';
import { register as generate } from './commands/generate.js';
import { register as init } from './commands/init.js';
import { register as keygen } from './commands/keygen.js';
import { register as preview } from './commands/preview.js';
import { register as registerCommands } from './commands/register.js';
import { register as serve } from './commands/serve.js';
import { register as templates } from './commands/templates.js';
import { register as trust } from './commands/trust.js';
import { register as verifier } from './commands/verifier.js';
import { register as verify } from './commands/verify.js';

const program = new Command('suket')
  .description('Surat keterangan pengganti KTP-el: print-ready PDFs with a signed seal anyone can check offline')
  .version(VERSION)
  .option('--debug', 'print stack traces and causes')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const command of [init, generate, batch, registerCommands, serve, keygen, trust, verify, verifier, templates, preview, calibrate, demo]) command(program);

/** A reader that stops reading (`suket verify x.pdf | head -1`) is not an error. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
}

function printDebug(e: unknown): void {
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) err(`${depth ? 'caused by: ' : ''}${c.stack ?? c.message}`);
}

async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (e.code === 'suket.usage') err(e.message);
      return 2;
    }
    if (e instanceof Failed) return e.status;
    if (e instanceof SuketError) {
      err(`error: ${e.code}`);
      for (const i of e.issues) err(`  ${i.path || '(input)'}: ${i.message} [${i.code}]`);
      if (debug) printDebug(e);
      return 1;
    }
    err(`error: ${e instanceof Error ? e.message : String(e)}`);
    if (debug) printDebug(e);
    else err('(run with --debug for details)');
    return 1;
  }
}

process.exitCode = await main(process.argv);
