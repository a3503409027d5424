import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { tempDir } from './helpers/drops.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every module specifier `idgraph <args>` imports, from a resolve hook (test/helpers/import-log). */
function importsOf(args: string[]): string[] {
  const log = join(dir, `imports-${args.join('-')}.log`);
  const register = join(PACKAGE_ROOT, 'test', 'helpers', 'import-log', 'register.mjs');
  const r = spawnSync(process.execPath, ['--import', register, join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args], {
    env: { ...process.env, IDGRAPH_IMPORT_LOG: log },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

/** The S3 SDK and the Databricks driver cost ~0.1 s and ~0.2 s of start-up: only commands that talk to them load them. */
describe('start-up imports', () => {
  const heavy = (specifiers: string[]) => specifiers.filter((s) => /^@aws-sdk\/|^@smithy\/|^@databricks\/sql/.test(s));

  const commands = [['--version'], ['generate', '--help'], ['load', '--help'], ['validate', '--help']];
  it.each(commands.map((args) => [args.join(' '), args] as const))(
    'idgraph %s loads neither the S3 SDK nor the Databricks driver',
    (_name, args) => {
      const imported = importsOf(args);
      expect(imported.length).toBeGreaterThan(50);
      expect(heavy(imported)).toEqual([]);
    },
  );
});
