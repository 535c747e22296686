/**
 * `suket serve users`: the counter's people (clerks, the head, administrators),
 * kept in the register. A password is typed twice at a terminal, never
 * shown; from a script it is the first line of stdin. Never a flag: a flag
 * is seen by every process on the machine and kept in the shell's history.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import type { CounterAccounts } from '../../register/accounts.js';
import { err, example, out, registerFlag, withRegister } from '../common.js';

/** One line typed at a terminal without echo. */
function askHidden(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) =>
    rl.once('line', (line) => {
      rl.close();
      process.stderr.write('\n');
      resolve(line);
    }),
  );
}

/** The first line of stdin (a script's way to hand a password over). */
async function firstLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/** A new password: typed twice at a terminal, or the first line of stdin. */
async function newPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLine();
  const first = await askHidden('Kata sandi (password): ');
  const again = await askHidden('Ulangi (again): ');
  if (first !== again) throw new CommanderError(2, 'suket.usage', 'error: the two passwords differ');
  return first;
}

const withAccounts = <T>(cmd: Command, work: (accounts: CounterAccounts) => Promise<T>) => withRegister(cmd, (r) => work(r.accounts));

/** `suket serve users add|list|password|disable`. */
export function userCommands(serveCommand: Command): void {
  const users = serveCommand.command('users').description("the counter's people: petugas (clerk), kepala (head or delegate), admin (kept in the register)");
  example(
    registerFlag(
      users
        .command('add')
        .description('make a counter account; the password is asked for (or read from stdin)')
        .argument('<name>', 'the login name, e.g. siti'),
    )
      .requiredOption('--role <role>', 'petugas, kepala or admin')
      .option('--display-name <name>', 'the name shown on screen and in the log (default: the login name)')
      .option('--office <file>', 'office settings (where the register is)'),
    'suket serve users add siti --role petugas --display-name "Siti Rahmawati" --office kantor.json',
  ).action((name: string, f: { role: string; displayName?: string }, cmd: Command) =>
    withAccounts(cmd, async (accounts) => {
      const account = await accounts.add(name, f.role, await newPassword(), f.displayName ?? name);
      err(`account ${account.name} (${account.role}) made: it can log in at /loket/ on the service`);
    }),
  );
  registerFlag(
    users.command('list').description('the accounts, disabled ones too').option('--office <file>', 'office settings').option('--json', 'as JSON'),
  ).action((f: { json?: boolean }, cmd: Command) =>
    withAccounts(cmd, async (accounts) => {
      const all = await accounts.list();
      if (f.json) return out(JSON.stringify(all, null, 2));
      for (const a of all)
        out(
          `${a.name}\t${a.role}\t${a.displayName}${a.disabledAt ? `\tdisabled ${a.disabledAt}` : ''}${a.lockedUntil ? `\tlocked until ${a.lockedUntil}` : ''}`,
        );
    }),
  );
  registerFlag(
    users.command('password').description("set an account's password (and unlock it)").argument('<name>').option('--office <file>', 'office settings'),
  ).action((name: string, _f: unknown, cmd: Command) =>
    withAccounts(cmd, async (accounts) => {
      await accounts.setPassword(name, await newPassword());
      err(`new password set for ${name}`);
    }),
  );
  registerFlag(
    users.command('disable').description('stop an account working and end its sessions').argument('<name>').option('--office <file>', 'office settings'),
  ).action((name: string, _f: unknown, cmd: Command) =>
    withAccounts(cmd, async (accounts) => {
      await accounts.disable(name);
      err(`disabled ${name}`);
    }),
  );
}
