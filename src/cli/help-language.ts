/**
 * The command line's help in the reader's language: each command's,
 * argument's and flag's description, and commander's own headings, from
 * `HELP_ID` when the language is Indonesian. English is the text beside
 * each flag in its command's module.
 */
import type { Command, Help } from 'commander';
import { HELP_ID } from '../language/help-id.js';
import type { Language } from '../language/language.js';

const inIndonesian = (text: string): string => HELP_ID[text] ?? text;

/** commander's own words after a description. */
const EXTRAS: ReadonlyArray<readonly [string, string]> = [
  ['(default: ', '(bawaan: '],
  ['(choices: ', '(pilihan: '],
];

/** commander's own error lines (a flag or argument missing or unknown), as patterns and their Indonesian. */
const COMMANDER_ERRORS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^error: missing required argument '(.+?)'/m, "galat: argumen wajib '$1' tidak diberikan"],
  [/^error: option '(.+?)' argument missing/m, "galat: opsi '$1' memerlukan nilai"],
  [/^error: required option '(.+?)' not specified/m, "galat: opsi wajib '$1' tidak diberikan"],
  [/^error: unknown option '(.+?)'/m, "galat: opsi '$1' tidak dikenal"],
  [/^error: unknown command '(.+?)'/m, "galat: perintah '$1' tidak dikenal"],
  [/^error: too many arguments(.*?)\. Expected (\d+) arguments? but got (\d+)\./m, 'galat: terlalu banyak argumen$1: diharapkan $2, diberikan $3.'],
  [/^error: option '(.+?)' argument '(.+?)' is invalid\./m, "galat: nilai '$2' untuk opsi '$1' tidak sah."],
  [/Allowed choices are (.+)\./, 'Pilihan yang boleh: $1.'],
  [/\(Did you mean one of (.+)\?\)/, '(Maksudnya salah satu dari $1?)'],
  [/\(Did you mean (.+)\?\)/, '(Maksudnya $1?)'],
];

/** A commander error line in Indonesian, where it is one of those; else as it is. */
export const commanderErrorIn = (text: string): string => COMMANDER_ERRORS.reduce((t, [pattern, words]) => t.replace(pattern, words), text);

/**
 * Rewrites a program's help in a language (English leaves it as written).
 * @example localiseHelp(program, 'id'); // `suket generate --help` in Bahasa Indonesia
 */
export function localiseHelp(program: Command, language: Language): void {
  if (language === 'en') return;
  for (const command of everyCommand(program)) {
    command.description(inIndonesian(command.description()));
    for (const argument of command.registeredArguments) argument.description = inIndonesian(argument.description);
    for (const option of command.options) option.description = inIndonesian(option.description);
    command.helpOption('-h, --help', inIndonesian('display help for command'));
    if (command.commands.length) command.helpCommand('help [command]', inIndonesian('display help for command'));
    command.configureOutput({ outputError: (text, write) => write(commanderErrorIn(text)) });
    command.configureHelp({
      styleTitle: (title: string) => inIndonesian(title),
      commandUsage(this: Help, cmd: Command) {
        const Base = Object.getPrototypeOf(this) as Help;
        return Base.commandUsage.call(this, cmd).replace('[options]', '[opsi]').replace('[command]', '[perintah]');
      },
      optionDescription(this: Help, option) {
        const Base = Object.getPrototypeOf(this) as Help;
        return EXTRAS.reduce((text, [from, to]) => text.replaceAll(from, to), Base.optionDescription.call(this, option));
      },
    });
  }
}

function* everyCommand(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* everyCommand(sub);
}
