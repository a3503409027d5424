import { Command } from 'commander';
import { writeHtmlReport, type WrittenReport } from '../report/write-report.js';
import { formatBytes, print } from './output.js';

/** What `report --json` prints (and `run --json` nests under "report"). */
export const writtenReportSummary = (r: WrittenReport) => ({
  path: r.path,
  bytes: r.bytes,
  validation: r.validation.summary,
  problems: r.problems,
});

export function printWrittenReport(r: WrittenReport): void {
  print(`wrote ${r.path} (${formatBytes(r.bytes)}): ${r.validation.summary}`);
  print('open it in any browser; it needs no network access');
}

export function htmlReportCommand(): Command {
  return new Command('report')
    .description(
      'write one self-contained HTML report of a drop or a loaded database: rows and bytes, configured vs generated distributions, activity, segments, campaign funnel, attribution, every validation rule; exit 1 if a rule fails',
    )
    .argument('[drop]', 'drop folder written by `idgraph generate` (read into a temporary in-memory DuckDB)')
    .option('--db <file>', 'report on the tables loaded into this DuckDB file instead')
    .option('-o, --out <file>', 'HTML file to write (replaced if it exists)', 'report.html')
    .option('--json', 'print the result as JSON')
    .action(async (drop: string | undefined, flags: { db?: string; out: string; json?: boolean }) => {
      const written = await writeHtmlReport({ drop, db: flags.db }, flags.out);
      if (flags.json) print(JSON.stringify(writtenReportSummary(written)));
      else printWrittenReport(written);
      if (written.problems > 0) process.exitCode = 1;
    });
}
