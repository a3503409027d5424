import { Command } from 'commander';
import { addEndpointOption } from './s3-flags.js';
import { resolve } from 'node:path';
import { readDrop } from '../drop/read-drop.js';
import { CancelledError, UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { interruptible } from '../sql/interruptible.js';
import { loadedConfig } from '../sql/duckdb-loader.js';
import { validateDrop, validateTables, type ValidationReport } from '../validate/validate.js';
import { safeName } from '../sql/dialect-databricks.js';
import { addDatabricksOptions, connectDatabricks, type DatabricksFlags } from './databricks-flags.js';
import { printReport } from './report.js';
import { progressBar } from './progress.js';

export async function runValidate(
  drop: string | undefined,
  dbPath: string | undefined,
  signal?: AbortSignal,
): Promise<ValidationReport> {
  if (!dbPath && !drop)
    throw new UserError('nothing to validate', 'pass a drop folder (idgraph validate ./out) or --db <file>');
  const bar = progressBar('validate', 'rules');
  const onRule = (done: number, total: number) => bar.update(done, total);
  try {
    if (dbPath) {
      // Read-only: validating creates nothing and changes nothing, and may share the file with other readers.
      const db = interruptible(await openDuck(resolve(dbPath), { readOnly: true }), signal);
      try {
        return await unlessInterrupted(signal, async () => validateTables(db, await loadedConfig(db), onRule));
      } finally {
        db.close();
      }
    }
    const d = readDrop(resolve(drop!));
    const db = interruptible(await openDuck(), signal);
    try {
      return await unlessInterrupted(signal, () => validateDrop(db, d, onRule));
    } finally {
      db.close();
    }
  } finally {
    bar.stop();
  }
}

/** Rules that failed because Ctrl-C interrupted them are not a report: exit 130, not 1. */
async function unlessInterrupted<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  const stopped = new CancelledError('interrupted: validation stopped; nothing was changed');
  let result: T;
  try {
    result = await run();
  } catch (err) {
    throw signal?.aborted ? stopped : err;
  }
  if (signal?.aborted) throw stopped;
  return result;
}

interface ValidateFlags extends DatabricksFlags {
  db?: string;
  engine: string;
  json?: boolean;
  verbose?: boolean;
  from?: string;
  endpoint?: string;
  region?: string;
  catalog?: string;
  schema?: string;
}

/** The full rule set on the warehouse, with the config of the loaded drop (local copy or staged manifest). */
async function runValidateDatabricks(
  drop: string | undefined,
  flags: ValidateFlags,
  signal?: AbortSignal,
): Promise<ValidationReport> {
  if (!flags.catalog || !flags.schema)
    throw new UserError(
      '--catalog and --schema are required with --engine databricks',
      'for example --catalog main --schema synthetic_data',
    );
  if (!drop && !flags.from)
    throw new UserError(
      "validate --engine databricks needs the drop's config",
      'pass the local drop folder, or --from <staging> where its manifest was uploaded',
    );
  const client = await unlessInterrupted(signal, () => connectDatabricks(flags, signal));
  // On demand, as the client: the AWS SDK and the remote rules load only for this command.
  const { validateOnDatabricks } = await import('../databricks/load/remote-rules.js');
  const { stagedDrop } = await import('../databricks/load/staged-manifest.js');
  const bar = progressBar('validate', 'rules');
  try {
    const target = { catalog: safeName('catalog', flags.catalog), schema: safeName('schema', flags.schema) };
    return await unlessInterrupted(signal, async () => {
      const d = await stagedDrop(flags.from ?? '', drop ? resolve(drop) : undefined, client, {
        endpoint: flags.endpoint,
        region: flags.region,
      });
      return validateOnDatabricks(
        client,
        target,
        { fingerprint: d.fingerprint, config: d.config, lineage: d.manifests[0]?.lineage },
        (done, total) => bar.update(done, total),
      );
    });
  } finally {
    bar.stop();
    await client.close();
  }
}

export function validateCommand(signal?: AbortSignal): Command {
  return addDatabricksOptions(
    addEndpointOption(new Command('validate'), 'databricks, --from s3://…: ')
      .description(
        'check a Parquet drop, a loaded DuckDB database, or the Databricks tables against every rule of the data model; exit 1 if any fails',
      )
      .argument('[drop]', 'drop folder written by `idgraph generate`')
      .option('--db <file>', 'validate the tables loaded into this DuckDB file instead')
      .option('--engine <engine>', 'duckdb | databricks', 'duckdb')
      .option('--catalog <name>', 'databricks: catalog of the loaded tables')
      .option('--schema <name>', 'databricks: schema of the loaded tables')
      .option(
        '--from <staging>',
        'databricks: staging location whose manifest holds the config (instead of a local drop)',
      )
      .option('--region <region>', 'databricks, --from s3://…: AWS region (as for upload)')
      .option(
        '--verbose',
        'list every rule with its figure and seconds, passed ones too (default: failures, skips and a summary)',
      )
      .option('--json', 'machine-readable report (every rule)'),
  ).action(async (drop: string | undefined, flags: ValidateFlags) => {
    if (flags.engine !== 'duckdb' && flags.engine !== 'databricks')
      throw new UserError(`--engine must be duckdb or databricks (got '${flags.engine}')`);
    const report =
      flags.engine === 'databricks'
        ? await runValidateDatabricks(drop, flags, signal)
        : await runValidate(drop, flags.db, signal);
    printReport(report, flags.json ?? false, flags.verbose ?? false);
    if (!report.ok) process.exitCode = 1;
  });
}
