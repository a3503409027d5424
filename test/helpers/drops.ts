import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { resolveConfig } from '../../src/config/load.js';
import { generate, type GenerateOptions } from '../../src/pipeline/generate.js';

const created: string[] = [];

/** A fresh folder in the temp dir, removed after the test file by test/helpers/remove-temp-dirs.ts. */
export function tempDir(prefix = 'idgraph-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file (read-only ones are made writable first). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) {
    const unlock = (d: string) => {
      if (!existsSync(d) || !lstatSync(d).isDirectory()) return;
      chmodSync(d, 0o755);
      for (const name of readdirSync(d)) unlock(join(d, name));
    };
    try {
      unlock(dir);
    } catch {
      // Best effort: rmSync reports what still cannot be removed.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small config for tests: small chunks so a few hundred households still make several of them. */
export function smallConfig(overrides: Record<string, unknown> = {}) {
  return resolveConfig({ households: 600, seed: 7, output: { chunkHouseholds: 64, targetFileMB: 1 }, ...overrides });
}

export async function generateDrop(overrides: Record<string, unknown> = {}, options: Partial<GenerateOptions> = {}) {
  const out = options.out ?? tempDir();
  const result = await generate(smallConfig(overrides), { workers: 2, ...options, out });
  return { out, result };
}

/** sha256 of every file under dir, by relative path. */
export function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}
