import { Command } from 'commander';
import { addEndpointOption } from './s3-flags.js';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readDrop } from '../drop/read-drop.js';
import { CancelledError, UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { defaultDuckMemoryMb, parseMemoryLimit } from '../sql/duckdb-memory.js';
import { interruptible } from '../sql/interruptible.js';
import { loadDropIntoDuckDb, type LoadResult } from '../sql/duckdb-loader.js';
import { TABLES } from '../schema/registry.js';
import { addDatabricksOptions } from './databricks-flags.js';
import type { DatabricksLoadFlags } from './load-databricks.js';
import { formatTable, print } from './output.js';
import { progressBar } from './progress.js';

export const defaultDbPath = (drop: string): string => join(drop, 'idgraph.duckdb');

export async function runLoad(
  drop: string,
  dbPath: string | undefined,
  signal?: AbortSignal,
  memoryMb?: number,
): Promise<LoadResult & { db: string }> {
  const d = readDrop(resolve(drop));
  const db = resolve(dbPath ?? defaultDbPath(drop));
  // A load that fails leaves no new (empty) database behind: only a file it created is removed.
  const created = !existsSync(db);
  const duck = interruptible(await openDuck(db, { memoryMb }), signal);
  let ok = false;
  // One step per table, parents first (the event tables, most of the rows, among them).
  const bar = progressBar('load', 'tables');
  let tables = 0;
  try {
    const result = { ...(await loadDropIntoDuckDb(duck, d, () => bar.update(++tables, TABLES.length))), db };
    ok = true;
    return result;
  } catch (err) {
    // The loader rolled its transaction back whatever stopped it.
    if (signal?.aborted) throw new CancelledError('interrupted: the load was rolled back; the database is unchanged');
    throw err;
  } finally {
    bar.stop();
    duck.close();
    if (!ok && created) for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  }
}

export function printLoad(result: LoadResult & { db: string }): void {
  print(
    formatTable(
      ['table', 'rows inserted'],
      TABLES.map((t) => [t.name, (result.inserted[t.name] ?? 0).toLocaleString('en-US')]),
    ),
  );
  const restored = Object.entries(result.restored);
  if (restored.length)
    print(
      `repaired after \`sql --write\`: ${restored.map(([t, n]) => `${n.toLocaleString('en-US')} changed row(s) of ${t} restored`).join(', ')}`,
    );
  print(`${result.loadedFiles} files loaded, ${result.skippedFiles} already loaded (skipped) → ${result.db}`);
}

interface LoadFlags extends DatabricksLoadFlags {
  engine: string;
  db?: string;
  memoryLimit?: string;
}

export function loadCommand(signal?: AbortSignal): Command {
  return addDatabricksOptions(
    addEndpointOption(
      new Command('load'),
      'databricks, s3:// staging without a local drop: where to read the manifest; ',
    )
      .description(
        'load a drop into DuckDB (default) or into Delta tables on Databricks with COPY INTO; a rerun adds nothing',
      )
      .argument(
        '[drop]',
        'drop folder written by `idgraph generate` (required for duckdb; for databricks it supplies the file list, else the manifest is read from --from)',
      )
      .option('--engine <engine>', 'duckdb | databricks', 'duckdb')
      .option('--db <file>', 'duckdb: database file (default: <drop>/idgraph.duckdb)')
      .option(
        '--memory-limit <size>',
        `duckdb: memory DuckDB may use before spilling to <db>.tmp, like 512MB or 2GB (default: ${defaultDuckMemoryMb()}MB)`,
      )
      .option(
        '--from <staging>',
        'databricks: where the drop was uploaded: s3://bucket/prefix or /Volumes/<catalog>/<schema>/<volume>/<prefix>',
      )
      .option('--catalog <name>', 'databricks: Unity Catalog catalog')
      .option('--schema <name>', 'databricks: schema (created if absent)')
      .option(
        '--layout <layout>',
        'databricks: zorder (partitions + OPTIMIZE ZORDER BY) or liquid (CLUSTER BY)',
        'zorder',
      )
      .option('--region <region>', 'databricks, s3:// staging without a local drop: AWS region (as for upload)')
      .option(
        '--dry-run',
        'databricks: print the full SQL plan; may read the staged manifest, never connects to the warehouse',
      )
      .option('--json', 'print the result as JSON'),
  ).action(async (drop: string | undefined, flags: LoadFlags) => {
    if (flags.engine === 'databricks') {
      // On demand: the Databricks and AWS clients load only for the loads that use them.
      const { printDatabricksLoad, runDatabricksLoad } = await import('./load-databricks.js');
      printDatabricksLoad(
        await runDatabricksLoad(drop ? resolve(drop) : undefined, flags, signal),
        flags.json ?? false,
      );
      return;
    }
    if (flags.engine !== 'duckdb') throw new UserError(`--engine must be duckdb or databricks (got '${flags.engine}')`);
    if (!drop) throw new UserError('load needs the drop folder', 'idgraph load ./out');
    const memoryMb = flags.memoryLimit === undefined ? undefined : parseMemoryLimit(flags.memoryLimit);
    const result = await runLoad(drop, flags.db, signal, memoryMb);
    if (flags.json) print(JSON.stringify(result));
    else printLoad(result);
  });
}
