import { Command } from 'commander';
import { resolve } from 'node:path';
import { TABLES } from '../schema/registry.js';
import { addConfigOptions } from './config-options.js';
import { type GenerateFlags, printGenerateSummary, runGenerate } from './generate.js';
import { defaultDbPath, printLoad, runLoad } from './load.js';
import { formatTable, print } from './output.js';
import { printReport } from './report.js';
import { printWrittenReport } from './html-report.js';
import { writeHtmlReport } from '../report/write-report.js';
import { runValidate } from './validate.js';

interface RunFlags extends GenerateFlags {
  out: string;
  db?: string;
  generate: boolean;
  load: boolean;
  validate: boolean;
  report?: string | true;
}

export function runCommand(signal: AbortSignal): Command {
  return addConfigOptions(new Command('run'))
    .description('generate → load into DuckDB → validate, with one config (the default job)')
    .option('-o, --out <dir>', 'drop folder', './out')
    .option('--db <file>', 'DuckDB database file (default <out>/idgraph.duckdb)')
    .option('-w, --workers <count>', 'worker threads (default: cores)')
    .option('--block-size <households>', 'households per worker task')
    .option('--overwrite', 'replace an existing drop in --out')
    .option('--no-generate', 'skip generation: load and validate the drop already in --out')
    .option('--no-load', 'skip loading into DuckDB')
    .option('--no-validate', 'skip validation')
    .option('--report [file]', 'also write the HTML report (default report.html)')
    .action(async (flags: RunFlags) => {
      const started = performance.now();
      const db = resolve(flags.db ?? defaultDbPath(flags.out));
      if (flags.generate) {
        print('== generate');
        printGenerateSummary(await runGenerate(flags, signal), false);
      }
      let rows: Record<string, number> | undefined;
      if (flags.load) {
        print('\n== load');
        const result = await runLoad(flags.out, db, signal);
        printLoad(result);
        rows = result.inserted;
      }
      let checks = 'skipped';
      let validation: Awaited<ReturnType<typeof runValidate>> | undefined;
      if (flags.validate) {
        print('\n== validate');
        const report = await runValidate(flags.load ? undefined : flags.out, flags.load ? db : undefined, signal);
        validation = report;
        printReport(report, false);
        checks = `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`;
        if (!report.ok) process.exitCode = 1;
      }
      if (flags.report) {
        print('\n== report');
        const source = flags.load ? { db } : { drop: flags.out };
        printWrittenReport(
          await writeHtmlReport({ ...source, validation }, flags.report === true ? 'report.html' : flags.report),
        );
      }
      print('\n== summary');
      if (rows)
        print(
          formatTable(
            ['table', 'rows'],
            TABLES.map((t) => [t.name, (rows![t.name] ?? 0).toLocaleString('en-US')]),
          ),
        );
      print(`checks: ${checks}; time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (flags.load) {
        print(
          `\nQuery it:\n  npx idgraph sql --db ${db} "SELECT segment_primary, count(*) FROM audience_attributes GROUP BY 1 ORDER BY 2 DESC"`,
        );
        if (!flags.report) print(`Charts of it:\n  npx idgraph report --db ${db} --out report.html`);
      }
    });
}
