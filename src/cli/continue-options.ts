import type { Command } from 'commander';
import { resolve } from 'node:path';
import { resolveConfig } from '../config/load.js';
import type { RunConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { checkPathIdRoom } from '../gen/continue/path-ids.js';
import { continuedConfig } from '../lineage/lineage.js';
import { type Parent, readParent } from '../lineage/parent.js';
import type { ConfigFlags } from './config-options.js';

export interface ContinueFlags extends ConfigFlags {
  continue?: string;
  days?: string;
  addHouseholds?: string;
  out?: string;
}

export function addContinueOptions(cmd: Command): Command {
  return cmd
    .option('--continue <drop>', 'generate the increment after this drop: the next --days, same people and ids')
    .option('--days <n>', 'with --continue: length of the increment window in days')
    .option(
      '--add-households <k>',
      'with --continue: households added, numbered after the lineage’s last (default: 0)',
    );
}

function count(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UserError(
      `--${name} must be a whole number from ${min} to ${max} (got '${text}')`,
      `for example --${name} 7`,
    );
  return n;
}

/**
 * With --continue: the parent drop and the increment's config (everything from the parent's
 * config, the window moved on). Config flags would make it another population, so they are refused.
 */
export function continuation(flags: ContinueFlags): { config: RunConfig; parent: Parent } | undefined {
  if (flags.continue === undefined) {
    const stray = flags.days !== undefined ? '--days' : flags.addHouseholds !== undefined ? '--add-households' : '';
    if (stray)
      throw new UserError(
        `${stray} only applies with --continue <drop>`,
        `add --continue <parent drop>, or drop ${stray}`,
      );
    return undefined;
  }
  const given = ['config', 'households', 'seed', 'set'].filter((k) => flags[k as keyof ConfigFlags] !== undefined);
  if (given.length)
    throw new UserError(
      `--continue takes the config of the parent drop; --${given[0]} would change the population`,
      `drop --${given[0]}; to grow the population use --add-households K`,
    );
  if (flags.days === undefined)
    throw new UserError(
      '--continue needs --days N (the increment’s window)',
      'for example --continue drops/base --days 7 --out drops/inc-1',
    );
  const days = count('days', flags.days, 1, 366);
  const add = flags.addHouseholds === undefined ? 0 : count('add-households', flags.addHouseholds, 0, 268_435_455);
  const root = resolve(flags.continue);
  if (flags.out !== undefined && resolve(flags.out) === root)
    throw new UserError(
      '--out is the parent drop itself',
      'write the increment to its own folder, e.g. --out drops/inc-1',
    );
  const parent = readParent(root);
  const config = resolveConfig(continuedConfig(parent.config, days, add) as never);
  checkPathIdRoom(config, parent.lineage);
  return { config, parent };
}
