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
