import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { fileHashes, tempDir } from './helpers/drops.js';
import { NODE24_INSTALL, node24Binary } from './helpers/node24.js';

/**
 * Determinism across Node versions: the machine's Node and Node 24 write the same bytes for the
 * same seed and config (V8's Math, typed arrays, the wasm Parquet encoder all play a part).
 */
const node24 = node24Binary();
const major = (bin: string) =>
  Number(spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.')[0]);
const onNode24Already = Number(process.versions.node.split('.')[0]) === 24;
let dir: string | undefined;
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

function generate(node: string, out: string) {
  const args = ['generate', '-n', '700', '-s', '11', '-w', '2', '--set', 'output.chunkHouseholds=64', '--out', out];
  const r = spawnSync(node, [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args], { encoding: 'utf8', timeout: 300_000 });
  expect(r.status, r.stderr).toBe(0);
  return fileHashes(out);
}

describe('Node versions', () => {
  if (!node24 && !process.env.CI)
    console.warn(
      `node-versions.test.ts: skipped, Node 24 is not installed here (install it with \`${NODE24_INSTALL}\`)`,
    );
  if (onNode24Already)
    console.warn('node-versions.test.ts: skipped, this run is on Node 24 itself; the run on the machine Node compares');

  // In CI a missing Node 24 is a failure, not a skip: .ci/run installs it.
  it.skipIf((!node24 && !process.env.CI) || onNode24Already)(
    `the machine's Node (${process.version}) and Node 24 write byte-identical drops`,
    () => {
      expect(node24, `Node 24 missing: run \`${NODE24_INSTALL}\``).toBeDefined();
      expect(major(node24!)).toBe(24);
      dir = tempDir('idgraph-node24-');
      const here = generate(process.execPath, join(dir, 'here'));
      const there = generate(node24!, join(dir, 'node24'));
      expect(Object.keys(here).length).toBeGreaterThan(20);
      expect(there).toEqual(here);
    },
  );
});
