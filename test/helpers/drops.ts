import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { resolveConfig } from '../../src/config/load.js';
import { generate, type GenerateOptions } from '../../src/pipeline/generate.js';

export const tempDir = (prefix = 'idgraph-'): string => mkdtempSync(join(tmpdir(), prefix));

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
