import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { sha256File } from '../src/sinks/hash-file.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { sharedDrop } from './helpers/shared-drops.js';

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );

describe('safe output', () => {
  it('stops on Ctrl-C with exit 130, no manifest and no partial file under a final name', async () => {
    const out = join(tempDir(), 'out');
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
        'output.chunkHouseholds=1024',
      ],
      { stdio: 'pipe' },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // Interrupt once files are being written.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(out, 'households'))) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    // The folder this run created is gone altogether when nothing was left in it (interrupt-folders.test.ts).
    const files = existsSync(out) ? walk(out) : [];
    expect(files.some((f) => f.endsWith('.inprogress'))).toBe(false);
    expect(files.some((f) => f.includes('_manifest'))).toBe(false);
  });

  it('rolls a failed load back so the database is never half-loaded', async () => {
    const good = await sharedDrop('small'); // copied below before it is broken
    const dir = join(tempDir(), 'drop');
    cpSync(good, dir, { recursive: true });
    // Break the last table (a NULL primary key, which its NOT NULL refuses; keys are validation
    // rules, not DuckDB constraints), so the failure comes after nine tables loaded.
    const entry = readDrop(dir).files.find((f) => f.table === 'outcome_metrics')!;
    const file = join(dir, entry.path);
    const db = await openDuck();
    await db.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${file}')`);
    await db.run(
      `COPY (SELECT * FROM t UNION ALL (SELECT * REPLACE (NULL AS outcome_id) FROM t LIMIT 5)) TO '${file}' (FORMAT parquet)`,
    );
    db.close();
    // The manifest agrees with the broken file, so the files pass their checks and the load itself fails.
    const manifest = JSON.parse(readFileSync(join(dir, '_manifest.json'), 'utf8'));
    const listed = manifest.files.find((f: { path: string }) => f.path === entry.path);
    listed.rows += 5;
    listed.bytes = statSync(file).size;
    listed.sha256 = await sha256File(file);
    manifest.tables.outcome_metrics.rows += 5;
    manifest.tables.outcome_metrics.bytes += listed.bytes - entry.bytes;
    writeFileSync(join(dir, '_manifest.json'), JSON.stringify(manifest));
    // An existing database (a load that creates one removes it on failure).
    const dbPath = join(tempDir(), 'x.duckdb');
    (await openDuck(dbPath)).close();
    const r = cli(['load', dir, '--db', dbPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rolled back/);
    const check = await openDuck(dbPath);
    const tables = await check.all("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'");
    expect(tables).toEqual([]);
    check.close();
  });
});
