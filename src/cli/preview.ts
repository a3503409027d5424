import { Command } from 'commander';
import type { RunConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { type PreviewValue, previewRows } from '../gen/preview.js';
import { generatedTables, TABLES } from '../schema/registry.js';
import type { Column, Table } from '../schema/types.js';
import { addConfigOptions, type ConfigFlags, configFromFlags } from './config-options.js';
import { formatTable, print } from './output.js';

interface PreviewFlags extends ConfigFlags {
  rows: string;
  table?: string;
  json?: boolean;
}

const MAX_ROWS = 1000;
/** Long values (hashes, affinity maps) are cut in the table view so rows fit a terminal; --json has them whole. */
const MAX_CELL = 40;

function parseRows(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_ROWS)
    throw new UserError(`--rows must be a whole number from 1 to ${MAX_ROWS} (got '${text}')`);
  return n;
}

function selectTables(config: RunConfig, name: string | undefined): readonly Table[] {
  const generated = generatedTables(config.output.tables);
  if (name === undefined) return generated;
  const table = generated.find((t) => t.name === name);
  if (table) return [table];
  if (TABLES.some((t) => t.name === name))
    throw new UserError(
      `table ${name} is not generated with output.tables: ${config.output.tables}`,
      'drop --set output.tables=core, or pick one of households, individuals, identity_mappings',
    );
  throw new UserError(`unknown table '${name}'`, `--table takes one of ${TABLES.map((t) => t.name).join(', ')}`);
}

function cell(column: Column, value: PreviewValue): string {
  // Decimals keep their scale in the table view (12.50, not 12.5); JSON has them as numbers.
  const scale = /^DECIMAL\(\d+,(\d+)\)$/.exec(column.type)?.[1];
  const text =
    value === null
      ? 'NULL'
      : typeof value === 'number' && scale !== undefined
        ? value.toFixed(Number(scale))
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

export function previewCommand(): Command {
  return addConfigOptions(new Command('preview'))
    .description('print the first rows of every table, generated from the config; writes nothing')
    .option('--rows <count>', `rows per table, 1 to ${MAX_ROWS}`, '5')
    .option('--table <name>', 'only this table')
    .option('--json', 'print {"<table>": [rows…]} as JSON')
    .action((flags: PreviewFlags) => {
      const rows = parseRows(flags.rows);
      const config = configFromFlags(flags);
      const preview = previewRows(config, selectTables(config, flags.table), rows);
      if (flags.json) {
        print(JSON.stringify(Object.fromEntries(preview.tables.map((t) => [t.table.name, t.rows]))));
        return;
      }
      for (const { table, rows: shown } of preview.tables) {
        print(`${table.name} (${shown.length} row${shown.length === 1 ? '' : 's'})`);
        print(
          formatTable(
            table.columns.map((c) => c.name),
            shown.map((r) => table.columns.map((c) => cell(c, r[c.name]))),
          ),
        );
        print();
      }
      print(
        `from the first ${preview.households.toLocaleString('en-US')} households of seed ${config.seed}; nothing was written`,
      );
    });
}
