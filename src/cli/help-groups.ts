import type { Command, Option } from 'commander';

/**
 * Options grouped in `--help` by what they are about, so `generate --help` reads as four short
 * lists rather than one long one. Options not named here stay under "Options:".
 */
const GROUPS: Record<string, readonly string[]> = {
  'Generation:': [
    '--config',
    '--households',
    '--seed',
    '--set',
    '--workers',
    '--block-size',
    '--shard',
    '--shards',
    '--continue',
    '--days',
    '--add-households',
  ],
  'Output:': ['--out', '--overwrite', '--db', '--memory-limit', '--report', '--verbose', '--json'],
  'Staging (S3, volumes, folders):': [
    '--to',
    '--from',
    '--endpoint-url',
    '--endpoint',
    '--region',
    '--concurrency',
    '--connect-timeout',
    '--request-timeout',
    '--retry-budget',
  ],
  'Databricks:': [
    '--engine',
    '--catalog',
    '--schema',
    '--layout',
    '--dry-run',
    '--warehouse',
    '--http-path',
    '--profile',
    '--ca-file',
    '--wait',
  ],
};

const GROUP_OF = new Map(Object.entries(GROUPS).flatMap(([group, names]) => names.map((n) => [n, group])));

/** Commands whose options span several groups; the small ones (sql, preview, report, init) keep one list. */
const GROUPED = new Set(['run', 'generate', 'upload', 'seal', 'load', 'validate']);

/**
 * Every default written one way, `(default: X)`: commander's own display quotes strings as JSON
 * (`(default: "duckdb")`), while most defaults are prose in the description.
 */
function optionDescription(option: Option): string {
  const parts: string[] = [];
  if (option.defaultValue !== undefined && !option.isBoolean() && !option.negate)
    parts.push(`default: ${option.defaultValueDescription ?? String(option.defaultValue)}`);
  return parts.length ? `${option.description} (${parts.join(', ')})` : option.description;
}

export function organiseHelp(cmd: Command): Command {
  cmd.configureHelp({ optionDescription });
  if (!GROUPED.has(cmd.name())) return cmd;
  const options = (cmd as unknown as { options: Option[] }).options;
  const order = Object.keys(GROUPS);
  for (const o of options) {
    const group = o.long ? GROUP_OF.get(o.long) : undefined;
    if (group) o.helpGroup(group);
  }
  // Groups print in the order their first option appears: options sorted by group, then as listed above.
  options.sort((a, b) => rank(a) - rank(b));
  function rank(o: Option): number {
    const g = o.long ? GROUP_OF.get(o.long) : undefined;
    return g ? order.indexOf(g) * 100 + GROUPS[g].indexOf(o.long!) : order.length * 100;
  }
  return cmd;
}
