/** `suket batch`: many certificates from CSV or JSON Lines; safe to interrupt and rerun. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { printAdvice } from '../../template/papers.js';
import { SuketError } from '../../errors.js';
import type { GenerateOptions } from '../../generate.js';
import type { BatchSummary } from '../batch/run.js';
import { say } from '../../language/catalogue.js';
import type { Language } from '../../language/language.js';
import {
  cliLanguage,
  err,
  example,
  Failed,
  officeFlags,
  operatorName,
  out,
  positiveInt,
  registerFlag,
  registerFrom,
  settingsFrom,
  type GenerateFlags,
  type RegisterFlags,
} from '../common.js';

export function addTo(program: Command): void {
  example(
    registerFlag(
      officeFlags(
        program
          .command('batch')
          .description('many certificates from CSV or JSON Lines and a folder of photos; safe to interrupt and rerun')
          .argument('<input>', 'rows: an Excel workbook (.xlsx), a .csv (headers in Indonesian or as field names) or .jsonl')
          .option('--sheet <name>', "the workbook's sheet: its name as its tab shows it, or its position (default: the first)")
          .option('--photos <dir>', "photo folder: the row's photo column, else <nik>.jpg/.png/.webp (default: the input file's folder)")
          .requiredOption('--out <dir>', 'output folder: PDFs, manifest.jsonl, report.jsonl')
          .option('--operator <name>', 'who issues them, as recorded (default: your login name)')
          .option('--second-reason <text>', 'why residents of this batch get a second certificate while one of theirs is still valid (recorded)')
          .option('--jobs <n>', 'render threads, each with 3 rows at once (default: one per two cores)', (v) => positiveInt(v, '--jobs'))
          .option('--json', 'print the summary as JSON')
          .option('--print-file <file>', 'also write one PDF with every certificate of the folder in row order, for one print job'),
      ),
    ),
    'suket batch warga.csv --photos foto/ --office kantor.json --out hasil/',
  ).action((input: string, f: BatchFlags) => runBatchCommand(program, input, f));
}

type BatchFlags = GenerateFlags &
  RegisterFlags & { photos?: string; sheet?: string; out: string; operator?: string; jobs?: number; json?: boolean; printFile?: string; secondReason?: string };

/** The batch as the command runs it: settings checked, the register opened, the rows issued, the print file and summary written. */
async function runBatchCommand(program: Command, input: string, f: BatchFlags): Promise<void> {
  const options: GenerateOptions = await settingsFrom(f);
  // Each row's number comes from the register's counter and the numbering pattern.
  if (options.issuance?.number !== undefined || typeof options.issuance?.numbering !== 'string')
    throw new SuketError('INVALID_INPUT', [
      {
        path: 'office.issuance.numbering',
        code: 'required',
        message: 'a batch needs a numbering pattern (each row gets its own number), not a fixed number',
      },
    ]);
  // A wrong passphrase or an expired signing certificate stops the batch before any register is opened.
  if (options.sign) (await import('../../sign/index.js')).prepareSigner(options.sign, new Date());
  const { runBatch, Interrupted } = await import('../batch/run.js');
  const { register, settings } = await registerFrom(f);
  const operator = operatorName(f.operator);
  const language = cliLanguage();
  let printed: { printed: number; leftOut: string[] } | undefined;
  const summary = await runBatch(
    {
      input: resolve(input),
      sheet: f.sheet,
      photos: f.photos ? resolve(f.photos) : undefined,
      outDir: f.out,
      options,
      register,
      operator,
      reset: settings.reset,
      ...(f.secondReason ? { secondReason: f.secondReason } : {}),
      jobs: f.jobs,
      json: Boolean(f.json),
      debug: Boolean(program.opts().debug),
      workerUrl: new URL('./batch-worker.js', import.meta.url),
      language,
    },
    err,
  )
    .then(async (done) => {
      // What was issued is printed together, also when some rows failed (the report names them); never what was voided since.
      if (f.printFile)
        printed = await (await import('../batch/print-file.js')).writePrintFile(f.out, f.printFile, (n) => register.get(n).then((r) => r?.status));
      return done;
    })
    .catch((e: unknown) => {
      if (!(e instanceof Interrupted)) throw e;
      err(e.message);
      // 128 + SIGINT, as shells report an interrupted command.
      throw new Failed(130);
    })
    .finally(() => register.close());
  if (printed) {
    const advice = options.paper ? printAdvice(options.paper, language) : say(language, 'print.at_100');
    err(say(language, 'cli.print_file', { file: resolve(f.printFile!), count: printed.printed, advice }));
    if (printed.leftOut.length) err(say(language, 'cli.print_file_left_out', { numbers: printed.leftOut.join(', ') }));
  }
  if (f.json) out(JSON.stringify(summary, null, 2));
  else err(summaryText(summary, language));
  if (summary.failed > 0) throw new Failed();
}

/** The batch's closing lines: what it issued, what it had issued before, where its lists are. */
function summaryText(s: BatchSummary, language: Language): string {
  const repeated = s.duplicates ? say(language, 'cli.summary_repeated', { duplicates: s.duplicates }) : '';
  const again = s.again ? `${say(language, s.again === 1 ? 'cli.summary_again_one' : 'cli.summary_again_many', { again: s.again })}\n` : '';
  const counts = { issued: s.issued, skipped: s.skipped, repeated, failed: s.failed, total: s.total, seconds: s.seconds.toFixed(1) };
  return `${say(language, 'cli.summary', counts)}\n${again}${say(language, 'cli.summary_files', { manifest: s.manifest, report: s.report })}`;
}
