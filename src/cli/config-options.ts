import type { Command } from 'commander';
import { applySetting, readConfigFile, resolveConfig } from '../config/load.js';
import type { RunConfig } from '../config/schema.js';
import { UserError } from '../errors.js';

export interface ConfigFlags {
  config?: string;
  households?: string;
  seed?: string;
  set?: string[];
}

/** Flags shared by every command that builds a RunConfig: a file first, then flags on top. */
export function addConfigOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (YAML or JSON); flags override it')
    .option('-n, --households <count>', 'number of households to generate (default: 10000)')
    .option('-s, --seed <integer>', 'random seed: same seed and config give byte-identical files (default: 42)')
    .option('--set <key=value...>', 'set any config field by path, e.g. --set engagement.perPersonPerDay=1.2');
}

function integerFlag(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UserError(`--${name} must be a number (got '${text}')`);
  return n;
}

export function configFromFlags(flags: ConfigFlags): RunConfig {
  const input = flags.config ? readConfigFile(flags.config) : {};
  if (flags.households !== undefined) input.households = integerFlag('households', flags.households);
  if (flags.seed !== undefined) input.seed = integerFlag('seed', flags.seed);
  for (const s of flags.set ?? []) applySetting(input, s);
  return resolveConfig(input);
}
