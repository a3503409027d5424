import * as p from '@clack/prompts';
import { Command } from 'commander';
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { type Answers, defaultAnswers, resolvedConfig } from '../init/answers.js';
import { configYaml } from '../init/config-yaml.js';
import { nextCommands } from '../init/next-commands.js';
import { runWizard, WizardCancelled } from './init-wizard.js';
import { print } from './output.js';

/** The config as a file path the user would type (relative to where they are). */
const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
};

function writeConfig(a: Answers, path: string): string[] {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError(
      `cannot write ${path}: folder ${dir} does not exist`,
      'create the folder or pass another --out',
    );
  const commands = nextCommands(shown(path), a.dest);
  const header = [
    'idgraph config written by `idgraph init`. Every setting is optional; defaults follow the data model.',
    `Destination chosen: ${a.dest.kind} ${a.dest.location}${a.dest.catalog ? `, Databricks ${a.dest.catalog}.${a.dest.schema}` : ''}`,
    'Next:',
    ...commands.map((c) => `  ${c}`),
  ];
  // Whole or nothing: a temporary file renamed into place.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, configYaml(resolvedConfig(a), header));
  renameSync(tmp, path);
  return commands;
}

/** Asks before replacing an existing file; "no" asks for another name. */
async function confirmTarget(path: string): Promise<string> {
  let target = path;
  while (existsSync(target)) {
    const overwrite = await p.confirm({ message: `${shown(target)} exists. Overwrite it?`, initialValue: false });
    if (p.isCancel(overwrite)) throw new WizardCancelled('cancelled');
    if (overwrite) break;
    const other = await p.text({
      message: 'Write the config to which file instead?',
      validate: (t) => (!t || t.trim() === '' ? 'give a file name, e.g. graph2.yaml' : undefined),
    });
    if (p.isCancel(other)) throw new WizardCancelled('cancelled');
    target = resolve(other.trim());
  }
  return target;
}

export function initCommand(): Command {
  return new Command('init')
    .description(
      'walk through the settings (scale, households, individuals, identifiers, engagement, audience, campaigns, destination) with a live size estimate, and write a commented YAML config',
    )
    .option('-o, --out <file>', 'config file to write', 'graph.yaml')
    .option('-y, --yes', 'write the defaults without asking (refuses to replace an existing file)')
    .option('--json', 'with --yes: print {"path", "next": [commands]} as JSON')
    .action(async (flags: { out: string; yes?: boolean; json?: boolean }) => {
      const path = resolve(flags.out);
      if (flags.json && !flags.yes)
        throw new UserError(
          '--json needs --yes: the wizard talks with you on the terminal',
          'idgraph init --yes --json writes the defaults and prints the result as JSON',
        );
      if (flags.yes) {
        if (existsSync(path))
          throw new UserError(
            `${path} already exists; init never overwrites without asking`,
            'pass another --out, remove the file, or run `idgraph init` in a terminal to be asked',
          );
        const commands = writeConfig(defaultAnswers(), path);
        if (flags.json) {
          print(JSON.stringify({ path, next: commands }));
          return;
        }
        print(`wrote ${shown(path)} (defaults)\n\nNext:\n${commands.map((c) => `  ${c}`).join('\n')}`);
        return;
      }
      if (!process.stdin.isTTY || !process.stdout.isTTY)
        throw new UserError(
          'idgraph init asks questions, but this is not an interactive terminal',
          'run it in a terminal, or pass --yes to write the defaults',
        );
      p.intro('idgraph init: a config for your synthetic identity graph');
      try {
        const answers = await runWizard(defaultAnswers(), shown(path));
        const target = await confirmTarget(path);
        const commands = writeConfig(answers, target);
        p.outro(`Wrote ${shown(target)}`);
        print(`Next:\n${commands.map((c) => `  ${c}`).join('\n')}`);
      } catch (err) {
        if (!(err instanceof WizardCancelled)) throw err;
        p.cancel('Cancelled: nothing was written.');
        process.exitCode = 130;
      }
    });
}
