import { Command } from 'commander';
import { resolve } from 'node:path';
import { TABLES } from '../schema/registry.js';
import { addConfigOptions } from './config-options.js';
import { type GenerateFlags, generateSummary, printGenerateSummary, runGenerate } from './generate.js';
import { defaultDbPath, printLoad, runLoad } from './load.js';
import { formatTable, print } from './output.js';
import { jsonReport, printReport } from './report.js';
import { printWrittenReport, writtenReportSummary } from './html-report.js';
import { writeHtmlReport } from '../report/write-report.js';
import { runValidate } from './validate.js';

interface RunFlags extends GenerateFlags {
  out: string;
  db?: string;
  generate: boolean;
  load: boolean;
  validate: boolean;
  report?: string | true;
  verbose?: boolean;
}

export function runCommand(signal: AbortSignal): Command {
  return addConfigOptions(new Command('run'))
    .description('generate → load into DuckDB → validate, with one config (the default job)')
    .option('-o, --out <dir>', 'drop folder', './out')
    .option('--db <file>', 'DuckDB database file (default: <out>/idgraph.duckdb)')
    .option('-w, --workers <count>', 'worker threads (default: cores)')
    .option('--block-size <households>', 'households per worker task')
    .option('--overwrite', 'replace an existing drop in --out')
    .option('--no-generate', 'skip generation: load and validate the drop already in --out')
    .option('--no-load', 'skip loading into DuckDB')
    .option('--no-validate', 'skip validation')
    .option('--report [file]', 'also write the HTML report (default: report.html)')
    .option('--verbose', 'list every validation rule, passed ones too')
    .option('--json', 'print one JSON object with every stage’s summary instead of text')
    .action(async (flags: RunFlags) => {
      const started = performance.now();
      const json = flags.json ?? false;
      // With --json nothing but the final object reaches stdout.
      const say = json ? () => {} : print;
      const summary: Record<string, unknown> = {};
      const db = resolve(flags.db ?? defaultDbPath(flags.out));
      if (flags.generate) {
        say('== generate');
        const result = await runGenerate(flags, signal);
        if (json) summary.generate = generateSummary(result);
        else printGenerateSummary(result, false);
      }
      let rows: Record<string, number> | undefined;
      if (flags.load) {
        say('\n== load');
        const result = await runLoad(flags.out, db, signal);
        if (json) summary.load = result;
        else printLoad(result);
        rows = result.inserted;
      }
      let checks = 'skipped';
      let validation: Awaited<ReturnType<typeof runValidate>> | undefined;
      if (flags.validate) {
        say('\n== validate');
        const report = await runValidate(flags.load ? undefined : flags.out, flags.load ? db : undefined, signal);
        validation = report;
        if (json) summary.validate = jsonReport(report);
        else printReport(report, false, flags.verbose ?? false);
        checks = `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`;
        if (!report.ok) process.exitCode = 1;
      }
      if (flags.report) {
        say('\n== report');
        const source = flags.load ? { db } : { drop: flags.out };
        const written = await writeHtmlReport(
          { ...source, validation },
          flags.report === true ? 'report.html' : flags.report,
        );
        if (json) summary.report = writtenReportSummary(written);
        else printWrittenReport(written);
      }
      const seconds = (performance.now() - started) / 1000;
      if (json) {
        print(JSON.stringify({ ...summary, ...(flags.load ? { db } : {}), seconds }));
        return;
      }
      print('\n== summary');
      if (rows)
        print(
          formatTable(
            ['table', 'rows'],
            TABLES.map((t) => [t.name, (rows![t.name] ?? 0).toLocaleString('en-US')]),
          ),
        );
      print(`checks: ${checks}; time: ${seconds.toFixed(1)} s`);
      if (flags.load) {
        print(
          `\nQuery it:\n  npx idgraph sql --db ${db} "SELECT segment_primary, count(*) FROM audience_attributes GROUP BY 1 ORDER BY 2 DESC"`,
        );
        if (!flags.report) print(`Charts of it:\n  npx idgraph report --db ${db} --out report.html`);
      }
    });
}
