import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

/** `--help` split into its sections: heading → the option flags listed under it. */
function sections(help: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) {
      current = [];
      out.set(line, current);
    } else if (current && /^ {2}-/.test(line)) current.push(line.trim().split(/\s{2,}/)[0]);
  }
  return out;
}

const COMMANDS = ['init', 'run', 'generate', 'upload', 'seal', 'load', 'validate', 'sql', 'report', 'preview'];

describe('--help', () => {
  it('groups generate’s options: generation, output, staging, Databricks', () => {
    const s = sections(cli(['generate', '--help']).stdout);
    expect([...s.keys()]).toEqual([
      'Generation:',
      'Output:',
      'Staging (S3, volumes, folders):',
      'Databricks:',
      'Options:',
    ]);
    expect(s.get('Generation:')).toEqual(expect.arrayContaining(['-n, --households <count>', '--shard <K/N>']));
    expect(s.get('Output:')).toEqual(['-o, --out <dir>', '--overwrite', '--json']);
    expect(s.get('Staging (S3, volumes, folders):')?.[0]).toBe('--to <staging>');
    expect(s.get('Staging (S3, volumes, folders):')).toContain('--endpoint-url <url>');
    expect(s.get('Databricks:')).toEqual(expect.arrayContaining(['--warehouse <id>', '--profile <name>']));
    expect(s.get('Options:')).toEqual(['-h, --help']);
  });

  it('groups load’s DuckDB and Databricks options apart', () => {
    const s = sections(cli(['load', '--help']).stdout);
    expect(s.get('Output:')).toEqual(['--db <file>', '--memory-limit <size>', '--json']);
    expect(s.get('Databricks:')).toEqual(
      expect.arrayContaining(['--engine <engine>', '--catalog <name>', '--dry-run']),
    );
  });

  it('writes every default one way, (default: X), on every command', () => {
    for (const cmd of COMMANDS) {
      const help = cli([cmd, '--help']).stdout.replace(/\s+/g, ' ');
      expect(help, cmd).not.toMatch(/\(default [^:]/);
      expect(help, cmd).not.toMatch(/default: "/);
    }
    const run = cli(['run', '--help']).stdout.replace(/\s+/g, ' ');
    expect(run).toContain('drop folder (default: ./out)');
    expect(cli(['load', '--help']).stdout.replace(/\s+/g, ' ')).toContain('duckdb | databricks (default: duckdb)');
  });
});
