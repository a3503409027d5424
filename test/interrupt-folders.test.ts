import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';

/** Every entry under a folder, hidden ones and folders included. */
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? [`${join(dir, e.name)}/`, ...walk(join(dir, e.name))] : [join(dir, e.name)],
  );

/** A completed data file (not a hidden in-progress one) anywhere under `dir`. */
const hasCompletedFile = (dir: string): boolean =>
  existsSync(dir) && walk(dir).some((f) => f.endsWith('.parquet') && !f.split('/').pop()!.startsWith('.'));

/**
 * Starts a generate whose files complete early (1 MB target), waits until one has, then sends
 * Ctrl-C: the run has left committed files and partition folders behind by then.
 */
async function interruptedGenerate(out: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      join(PACKAGE_ROOT, 'bin', 'idgraph.js'),
      'generate',
      '--out',
      out,
      '--households',
      '200000',
      '--workers',
      '2',
      '--set',
      'output.targetFileMB=1',
    ],
    { stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (hasCompletedFile(out) || child.exitCode !== null) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });
  child.kill('SIGINT');
  return { code: await exited, stderr };
}

const small = ['--households', '60', '--set', 'output.chunkHouseholds=64', '--workers', '1'];

describe('Ctrl-C leaves no folders behind', () => {
  it('a folder the run created is removed with everything in it; the next generate --out there works', async () => {
    const out = join(tempDir(), 'out');
    const r = await interruptedGenerate(out);
    expect(r.code, r.stderr).toBe(130);
    expect(existsSync(out)).toBe(false);
    const again = cli(['generate', '--out', out, ...small]);
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(out)).toContain('_manifest.json');
  });

  it('a folder that existed stays, empty: no table or partition folders, no files', async () => {
    const out = join(tempDir(), 'given');
    mkdirSync(out);
    const r = await interruptedGenerate(out);
    expect(r.code, r.stderr).toBe(130);
    expect(walk(out)).toEqual([]);
    const again = cli(['generate', '--out', out, ...small]);
    expect(again.code, again.stderr).toBe(0);
  });
});
