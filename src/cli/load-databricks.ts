import type { DatabricksClient } from '../databricks/client.js';
import { loadIntoDatabricks, type LoadSummary } from '../databricks/load/run-load.js';
import { stagedDrop } from '../databricks/load/staged-manifest.js';
import { parseStaging } from '../databricks/load/staging.js';
import { DATABRICKS_LAYOUTS, type DatabricksLayout } from '../schema/derive/ddl-databricks.js';
import { TABLES } from '../schema/registry.js';
import { CancelledError, UserError } from '../errors.js';
import { connectDatabricks, type DatabricksFlags } from './databricks-flags.js';
import { formatTable, print, warn } from './output.js';
import { printReport } from './report.js';
import { summarize } from '../validate/rule.js';

export interface DatabricksLoadFlags extends DatabricksFlags {
  from?: string;
  catalog?: string;
  schema?: string;
  layout: string;
  dryRun?: boolean;
  json?: boolean;
  /** S3 staging: endpoint and region, as for `upload`. */
  endpoint?: string;
  region?: string;
}

export async function runDatabricksLoad(
  drop: string | undefined,
  flags: DatabricksLoadFlags,
  signal?: AbortSignal,
): Promise<LoadSummary> {
  if (!flags.from)
    throw new UserError(
      '--from is required with --engine databricks',
      'pass the staging location the drop was uploaded to: s3://bucket/prefix or /Volumes/<catalog>/<schema>/<volume>/<prefix>',
    );
  if (!flags.catalog || !flags.schema)
    throw new UserError(
      '--catalog and --schema are required with --engine databricks',
      'for example --catalog main --schema synthetic_data',
    );
  if (!(DATABRICKS_LAYOUTS as readonly string[]).includes(flags.layout))
    throw new UserError(`--layout must be one of ${DATABRICKS_LAYOUTS.join(', ')} (got '${flags.layout}')`);
  // The manifest comes from the local drop, else from staging: S3 is read before connecting (a
  // wrong prefix fails fast, and a dry run never connects); a volume is read through the driver.
  const staging = parseStaging(flags.from);
  const s3Options = { endpoint: flags.endpoint, region: flags.region };
  const early = drop || staging.kind === 's3' ? await stagedDrop(flags.from, drop, null, s3Options) : undefined;
  const client: DatabricksClient | null = flags.dryRun ? null : await connectDatabricks(flags, signal);
  const copied: string[] = [];
  try {
    const d = early ?? (await stagedDrop(flags.from, drop, client, s3Options));
    return await loadIntoDatabricks(
      {
        catalog: flags.catalog,
        schema: flags.schema,
        staging: flags.from,
        layout: flags.layout as DatabricksLayout,
        files: d.files,
        config: d.config,
        fingerprint: d.fingerprint,
        sequence: d.manifests[0]?.lineage?.sequence ?? 0,
        lineage: d.manifests[0]?.lineage,
        dryRun: flags.dryRun,
        onProgress: (p) => {
          if (p.stage === 'copy' && p.table && p.rows !== undefined) copied.push(p.table);
          if (!flags.json)
            warn(
              `[databricks] ${p.stage}${p.table ? ` ${p.table}` : ''}${p.rows !== undefined ? `: ${p.rows.toLocaleString('en-US')} rows` : ''}`,
            );
        },
      },
      client,
    );
  } catch (err) {
    if (signal?.aborted) throw interruptedLoad(copied);
    throw err;
  } finally {
    await client?.close();
  }
}

/**
 * What Ctrl-C left on the warehouse. Each COPY INTO commits atomically (the cancelled one either
 * committed whole or not at all) and skips files already loaded, so running the same load again
 * finishes it without duplicating a row.
 */
function interruptedLoad(copied: readonly string[]): CancelledError {
  const done = copied.length
    ? `${copied.length} of ${TABLES.length} tables were copied (${copied.join(', ')}); the statement running was cancelled`
    : 'no table was copied yet; the statement running was cancelled';
  return new CancelledError(
    `interrupted: the Databricks load stopped; ${done}. COPY INTO is idempotent: rerun the same command to finish the load (files already loaded are skipped)`,
  );
}

export function printDatabricksLoad(summary: LoadSummary, json: boolean): void {
  if (json) {
    print(JSON.stringify(summary));
    return;
  }
  for (const notice of summary.notices) warn(notice);
  if (summary.dryRun) {
    print(`-- idgraph load plan for ${summary.target} from ${summary.staging} (dry run: nothing was executed)\n`);
    // A comment line (where the plan depends on the tables it cannot inspect) takes no semicolon.
    for (const sql of summary.statements ?? []) print(sql.startsWith('--') ? sql : `${sql};\n`);
    return;
  }
  print(
    formatTable(
      ['table', 'created', 'files', 'rows inserted', 'optimized'],
      TABLES.map((t) => {
        const s = summary.tables[t.name];
        return [
          t.name,
          s?.created ? 'yes' : 'no',
          s?.files ?? 0,
          (s?.inserted ?? 0).toLocaleString('en-US'),
          s?.optimized ? 'yes' : 'no',
        ];
      }),
    ),
  );
  if (summary.validation.length) {
    print('');
    const report = summarize(summary.validation);
    printReport(report, false);
    if (!report.ok) process.exitCode = 1;
  }
}
