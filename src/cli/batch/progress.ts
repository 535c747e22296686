/**
 * What a clerk sees while a batch runs: a bar with count, rate and ETA on a
 * terminal, a plain line every 2 s otherwise. The rate counts only this
 * run's certificates, and the ETA waits until there is a rate to go on.
 */
import cliProgress from 'cli-progress';
import { say } from '../../language/catalogue.js';
import type { Language } from '../../language/language.js';

export interface Counts {
  issued: number;
  skipped: number;
  failed: number;
}

const MIN_FOR_ETA = 3;

export class Progress {
  readonly #started = Date.now();
  readonly #bar: cliProgress.SingleBar | undefined;
  readonly #held: string[] = [];
  #lastLine = 0;

  constructor(
    private readonly total: number,
    private readonly mode: { tty: boolean; quiet: boolean; language: Language },
    private readonly log: (line: string) => void,
  ) {
    this.#bar =
      mode.tty && !mode.quiet
        ? new cliProgress.SingleBar(
            {
              format: ` {bar} ${say(mode.language, 'cli.progress', { done: '{value}', total: '{total}', rate: '{rate}', eta: '{eta}', failed: '{failed}' })}`,
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    this.#bar?.start(total, 0, { rate: '-', eta: '-', failed: 0 });
  }

  /** Rate and ETA of this run, as text; '-' until a few certificates give a rate. */
  figures(c: Counts): { rate: string; eta: string } {
    const secs = (Date.now() - this.#started) / 1000;
    if (c.issued < MIN_FOR_ETA || secs <= 0) return { rate: '-', eta: '-' };
    const rate = c.issued / secs;
    const left = this.total - c.issued - c.skipped - c.failed;
    return { rate: `${rate.toFixed(1)}/s`, eta: `${Math.max(0, Math.round(left / rate))}s` };
  }

  update(c: Counts): void {
    const done = c.issued + c.skipped + c.failed;
    const { rate, eta } = this.figures(c);
    this.#bar?.update(done, { rate, eta, failed: c.failed });
    if (this.#bar || this.mode.quiet) return;
    if (Date.now() - this.#lastLine > 2000 || done === this.total) {
      this.#lastLine = Date.now();
      this.log(say(this.mode.language, 'cli.progress', { done, total: this.total, rate, eta, failed: c.failed }));
    }
  }

  /** A line for the clerk: printed now, or after the bar stops so it does not tear it. */
  say(line: string): void {
    if (this.mode.quiet) return;
    if (this.#bar) this.#held.push(line);
    else this.log(line);
  }

  stop(reportFile: string): void {
    this.#bar?.stop();
    for (const line of this.#held.slice(0, 100)) this.log(line);
    if (this.#held.length > 100) this.log(say(this.mode.language, 'cli.more_in_report', { more: this.#held.length - 100, report: reportFile }));
  }
}
