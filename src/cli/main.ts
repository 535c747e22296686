/**
 * The suket command. Exit codes: 0 done, 1 something failed (bad input, an
 * invalid seal, some batch rows), 2 the command line itself is wrong, 130
 * interrupted. User mistakes print one clear line per problem; stack
 * traces and causes only with --debug.
 */
import { CommanderError } from 'commander';
import { SuketError } from '../errors.js';
import { cliLanguage, err, Failed } from './common.js';
import { buildProgram } from './program.js';
import { messageIn, say } from '../language/catalogue.js';

const language = cliLanguage();
const program = buildProgram(language);

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
      // In Indonesian the code is followed by what it means; English keeps the one line scripts read.
      err(`${say(language, 'cli.error')}: ${e.code}${language === 'en' ? '' : ` (${say(language, `error.${e.code}`)})`}`);
      for (const i of e.issues) err(`  ${i.path || '(input)'}: ${messageIn(language, i)} [${i.code}]`);
      if (debug) printDebug(e);
      return 1;
    }
    err(`${say(language, 'cli.error')}: ${e instanceof Error ? e.message : String(e)}`);
    if (debug) printDebug(e);
    else err(say(language, 'cli.debug_hint'));
    return 1;
  }
}

process.exitCode = await main(process.argv);
