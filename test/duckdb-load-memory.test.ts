/**
 * Issue 12, the embedded load within bounded memory: DuckDB gets a memory_limit and spills to a
 * folder next to the database that is gone afterwards; keys are not in-memory indexes but
 * validation rules, so a duplicate or an orphan still fails `validate --db`.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { duck } from './helpers/duckdb.js';
import { sharedDrop } from './helpers/shared-drops.js';

describe('DuckDB load in bounded memory', () => {
  let dir: string;
  let drop: string;
  beforeAll(async () => {
    dir = tempDir();
    // Read only (databases go to `dir`): the run's shared drop.
    drop = await sharedDrop('small');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets memory_limit and a temp folder next to the database, removed at close', async () => {
    const path = join(dir, 'settings.duckdb');
    const db = await openDuck(path, { memoryMb: 300 });
    const [row] = await db.all("SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t");
    // DuckDB prints the limit back in MiB: 300 MB = 286.1 MiB (not its default of 80% of RAM).
    expect(String(row.m)).toBe('286.1 MiB');
    expect(String(row.t)).toBe(`${path}.tmp`);
    db.close();
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  // Upsert tables keep a unique index on their primary key (an increment's ON CONFLICT needs it);
  // append-only tables, the event tables, have no key index at all.
  it('loads without key indexes, leaves no spill folder, and validate --db still catches a duplicate key and an orphan', async () => {
    const db = join(dir, 'g.duckdb');
    expect(cli(['load', drop, '--db', db, '--memory-limit', '256MB']).code).toBe(0);
    expect(existsSync(`${db}.tmp`)).toBe(false);
    const d = await duck();
    await d.rows(`ATTACH '${db}' AS g (READ_ONLY)`);
    expect(
      await d.value(
        "SELECT count(*) FROM duckdb_constraints() WHERE database_name = 'g' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') AND NOT starts_with(table_name, '_idgraph')",
      ),
    ).toBe(0);
    d.close();
    expect(cli(['validate', '--db', db]).code).toBe(0);
    const write = cli([
      'sql',
      '--write',
      '--db',
      db,
      'INSERT INTO content_engagements SELECT * FROM content_engagements LIMIT 1; UPDATE individuals SET household_id = 999999999 WHERE individual_id = (SELECT min(individual_id) FROM individuals)',
    ]);
    expect(write.code, write.stderr).toBe(0);
    const r = cli(['validate', '--db', db, '--json']);
    expect(r.code).toBe(1);
    const failed = (JSON.parse(r.stdout).results as { id: string; ok: boolean }[])
      .filter((x) => !x.ok)
      .map((x) => x.id);
    expect(failed).toContain('content_engagements.primary_key');
    expect(failed).toContain('individuals.household_id.foreign_key');
  });

  it('refuses a --memory-limit it cannot use, naming the option, before creating anything', () => {
    const db = join(dir, 'refused.duckdb');
    const r = cli(['load', drop, '--db', db, '--memory-limit', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--memory-limit/);
    expect(r.stderr).toMatch(/512MB or 2GB/);
    expect(existsSync(db)).toBe(false);
  });
});
