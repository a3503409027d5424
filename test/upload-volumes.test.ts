import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { cliAsync } from './helpers/cli-async.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { type FakeDatabricks, startFakeDatabricks } from './helpers/fake-databricks/index.js';
import { fakeWarehouseEnv } from './helpers/fake-warehouse-env.js';

/** Staging to a Unity Catalog volume with the real driver's PUT/GET against the fake warehouse. */
const TOKEN = 'dapi-volume-test-token-42';
const ROOT = '/Volumes/main/synth/landing/run-7';

describe('idgraph upload --to /Volumes/…', () => {
  let drop: string;
  let fake: FakeDatabricks;
  let args: string[];
  let env: NodeJS.ProcessEnv;

  // A one-week window keeps the file count (one per table and day) small: each file is a PUT and a GET.
  beforeAll(async () => {
    drop = (await generateDrop({ households: 150, window: { end: '2025-09-30', length: '7d' } })).out;
  });
  beforeEach(async () => {
    fake = await startFakeDatabricks({ token: TOKEN });
    // LIST answers from what the fake holds, like the volume would.
    fake.respond(/^LIST /, (sql) => {
      const path = /^LIST '([^']+)'/.exec(sql)![1];
      const rows = [...fake.staged.entries()]
        .filter(([p]) => p === path)
        .map(([p, b]) => [p, p.split('/').pop(), b.length, 0]);
      return rows.length
        ? { columns: ['path', 'name', 'size', 'modification_time'], rows }
        : { error: `[PATH_NOT_FOUND] ${path} does not exist` };
    });
    const warehouse = fakeWarehouseEnv(fake, TOKEN, tempDir());
    env = warehouse.env;
    args = ['upload', drop, '--to', ROOT, ...warehouse.flags, '--json'];
  });
  afterEach(async () => {
    await fake.close();
  });

  it('stages every file byte for byte, the manifest last, and a rerun sends nothing', async () => {
    const first = await cliAsync(args, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const files = readDrop(drop).files;
    for (const f of files)
      expect(fake.staged.get(`${ROOT}/${f.path}`)?.equals(readFileSync(join(drop, f.path))), f.path).toBe(true);
    const puts = fake.statements.map((s) => s.sql).filter((s) => s.startsWith('PUT '));
    // The lock first (no OVERWRITE: the exclusive create), then the files, the manifest last.
    expect(puts[0]).toMatch(new RegExp(`INTO '${ROOT}/\\.idgraph\\.lock'$`));
    const staged = puts.slice(1);
    expect(staged).toHaveLength(files.length + 1);
    expect(staged.at(-1)).toContain(`INTO '${ROOT}/_manifest.json'`);
    expect(fake.staged.has(`${ROOT}/.idgraph.lock`)).toBe(false);

    const before = fake.statements.length;
    const second = await cliAsync(args, env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).uploaded).toBe(0);
    expect(
      fake.statements.slice(before).some((s) => s.sql.startsWith('PUT ') && !s.sql.includes('.idgraph.lock')),
    ).toBe(false);
  });

  it('re-sends a staged file whose bytes differ from the manifest', async () => {
    expect((await cliAsync(args, env)).code).toBe(0);
    const victim = readDrop(drop).files[0].path;
    fake.staged.set(`${ROOT}/${victim}`, Buffer.alloc(fake.staged.get(`${ROOT}/${victim}`)!.length));
    const again = await cliAsync(args, env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).uploaded).toBe(1);
    expect(fake.staged.get(`${ROOT}/${victim}`)?.equals(readFileSync(join(drop, victim)))).toBe(true);
  });
});
