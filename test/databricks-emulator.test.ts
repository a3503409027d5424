import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeltaEmulator, startDeltaEmulator } from './helpers/fake-databricks/delta/emulator.js';
import { duck } from './helpers/duckdb.js';
import { tempDir } from './helpers/drops.js';

/**
 * The emulator itself, against what the Databricks documentation says a Delta table does: if it
 * let through what Delta refuses, the load tests built on it would prove nothing.
 */
const STAGING = 's3://bucket/stage';

describe('Delta emulator', () => {
  let dir: string;
  let emulator: DeltaEmulator;
  const ok = async (sql: string) => {
    const reply = await emulator.respond(sql);
    if (reply && typeof reply === 'object' && 'error' in reply) throw new Error(reply.error);
    return reply as { columns: unknown[]; rows: unknown[][] };
  };
  const error = async (sql: string) => {
    const reply = await emulator.respond(sql);
    return reply && typeof reply === 'object' && 'error' in reply ? reply.error : undefined;
  };
  /** Writes a Parquet file under the staging folder from a DuckDB query. */
  const stage = async (path: string, select: string) => {
    const d = await duck();
    try {
      await d.rows(`COPY (${select}) TO '${join(dir, ...path.split('/'))}' (FORMAT parquet)`);
    } finally {
      d.close();
    }
  };

  beforeEach(async () => {
    dir = tempDir('idgraph-emulator-test-');
    emulator = await startDeltaEmulator({
      grants: [{ securable: 'CATALOG', object: 'main', privilege: 'ALL PRIVILEGES' }],
      staging: async (url) =>
        url.startsWith(STAGING) ? join(dir, ...url.slice(STAGING.length).split('/')) : undefined,
    });
    await ok('CREATE SCHEMA IF NOT EXISTS `main`.`s`');
    await ok(
      [
        'CREATE TABLE `main`.`s`.`t` (',
        "  `id` BIGINT NOT NULL COMMENT 'key',",
        "  `v` INT COMMENT 'nullable',",
        '  `ts` TIMESTAMP NOT NULL,',
        '  `d` DATE GENERATED ALWAYS AS (CAST(`ts` AS DATE)),',
        '  CONSTRAINT `pk_t` PRIMARY KEY (`id`)',
        ") USING DELTA PARTITIONED BY (`d`) COMMENT 't'",
      ].join('\n'),
    );
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 't', 'd=2025-01-01'), { recursive: true });
  });
  afterEach(() => {
    emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const copy = (tail: string) =>
    `COPY INTO \`main\`.\`s\`.\`t\`\nFROM (SELECT \`id\`, \`v\`, \`ts\` FROM '${STAGING}/t')\nFILEFORMAT = PARQUET\n${tail}\nCOPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false')`;

  it('rejects a NULL under a bare CHECK (the whole statement), and accepts it under `v IS NULL OR …`', async () => {
    await stage(
      't/d=2025-01-01/part-1.parquet',
      "SELECT 1::BIGINT AS id, NULL::INT AS v, TIMESTAMPTZ '2025-01-01 23:30:00+00' AS ts UNION ALL SELECT 2, 5, TIMESTAMPTZ '2025-01-01 01:00:00+00'",
    );
    await ok('ALTER TABLE `main`.`s`.`t` ADD CONSTRAINT `chk_v` CHECK (`v` >= 0)');
    expect(await error(copy("PATTERN = 'd=*/part-*.parquet'"))).toMatch(
      /^\[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES\] CHECK constraint chk_v/,
    );
    expect(await emulator.query('SELECT count(*) AS n FROM "s"."t"')).toEqual([{ n: 0 }]);

    emulator.tables.get('s.t')!.checks.clear();
    await ok('ALTER TABLE `main`.`s`.`t` ADD CONSTRAINT `chk_v2` CHECK (`v` IS NULL OR `v` >= 0)');
    const r = await ok(copy("PATTERN = 'd=*/part-*.parquet'"));
    expect(r.rows).toEqual([[2, 2, 0]]);
    // The generated column is computed from its expression, in UTC.
    expect(await emulator.query('SELECT id, CAST(d AS VARCHAR) AS d FROM "s"."t" ORDER BY id')).toEqual([
      { id: 1, d: '2025-01-01' },
      { id: 2, d: '2025-01-01' },
    ]);
    // A CHECK that existing rows violate cannot be added.
    expect(await error('ALTER TABLE `main`.`s`.`t` ADD CONSTRAINT `chk_big` CHECK (`v` > 100)')).toMatch(
      /^\[DELTA_NEW_CHECK_CONSTRAINT_VIOLATION\]/,
    );
    // A rerun skips the files already loaded; a duplicate primary key is accepted (informational).
    expect((await ok(copy("PATTERN = 'd=*/part-*.parquet'"))).rows).toEqual([[0, 0, 0]]);
    await stage(
      't/d=2025-01-01/part-2.parquet',
      "SELECT 1::BIGINT AS id, 7::INT AS v, TIMESTAMPTZ '2025-01-02 00:00:00+00' AS ts",
    );
    expect((await ok(copy("PATTERN = 'd=*/part-*.parquet'"))).rows).toEqual([[1, 1, 0]]);
    expect(await emulator.query('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM "s"."t"')).toEqual([
      { n: 3, ids: 2 },
    ]);
  });

  it('enforces NOT NULL, the FILES limit and file names in FILES, and globs PATTERN per folder', async () => {
    await stage(
      't/d=2025-01-01/part-1.parquet',
      "SELECT NULL::BIGINT AS id, 1::INT AS v, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS ts",
    );
    await stage(
      't/d=2025-01-01/other.parquet',
      "SELECT 9::BIGINT AS id, 1::INT AS v, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS ts",
    );
    expect(await error(copy("PATTERN = 'd=*/part-*.parquet'"))).toMatch(/^\[DELTA_NOT_NULL_CONSTRAINT_VIOLATED\].*id/);
    const many = Array.from({ length: 1001 }, (_, i) => `'f${i}.parquet'`).join(', ');
    expect(await error(copy(`FILES = (${many})`))).toMatch(/^\[COPY_INTO_TOO_MANY_FILES\]/);
    expect(await error(copy("FILES = ('d=2025-01-01/other.parquet')"))).toMatch(/FILES takes file names/);
    // `*` does not cross folders: nothing sits directly in t/.
    expect((await ok(copy("PATTERN = '*.parquet'"))).rows).toEqual([[0, 0, 0]]);
    expect((await ok(copy("PATTERN = 'd=2025-01-0[1-2]/{other,none}.parquet'"))).rows).toEqual([[1, 1, 0]]);
  });

  it('checks a generated column a write gives against its expression', async () => {
    await stage(
      't/d=2025-01-01/part-g.parquet',
      "SELECT 3::BIGINT AS id, 1::INT AS v, TIMESTAMPTZ '2025-01-01 23:59:00+00' AS ts, DATE '2025-01-02' AS d",
    );
    const withDate = (tail: string) => copy(tail).replace('`ts` FROM', '`ts`, `d` FROM');
    expect(await error(withDate("PATTERN = 'd=*/part-g.parquet'"))).toMatch(
      /^\[DELTA_GENERATED_COLUMNS_VALUE_MISMATCH\]/,
    );
    expect(await emulator.query('SELECT count(*) AS n FROM "s"."t"')).toEqual([{ n: 0 }]);
  });

  it('shows privileges in information_schema spelled as Unity Catalog does, and only what the caller may see', async () => {
    const rows = (
      await ok('SELECT privilege_type FROM `main`.information_schema.catalog_privileges WHERE grantee = current_user()')
    ).rows;
    expect(rows).toEqual([['ALL_PRIVILEGES']]);
    emulator.catalog.hidden.add('s');
    expect((await ok('SELECT schema_name FROM `main`.information_schema.schemata')).rows).toEqual([]);
    expect((await ok('DESCRIBE SCHEMA `main`.`s`')).rows.length).toBeGreaterThan(0);
    expect((await ok('SHOW TABLES IN `main`.`s`')).rows).toEqual([['s', 't', false]]);
  });

  it('adds nullable columns at the end with ALTER TABLE … ADD COLUMNS (existing rows NULL), and refuses what Delta refuses', async () => {
    await stage(
      't/d=2025-01-01/part-1.parquet',
      "SELECT 1::BIGINT AS id, 2::INT AS v, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS ts",
    );
    await ok(copy("PATTERN = 'd=*/part-*.parquet'"));
    await ok("ALTER TABLE `main`.`s`.`t` ADD COLUMNS (`w` STRING COMMENT 'new', `x` ARRAY<STRING>)");
    const described = (await ok('DESCRIBE TABLE `main`.`s`.`t`')).rows.map((r) => r[0]);
    expect(described.slice(0, 6)).toEqual(['id', 'v', 'ts', 'd', 'w', 'x']);
    expect(await emulator.query('SELECT w, x FROM "s"."t"')).toEqual([{ w: null, x: null }]);
    // "you cannot define a DEFAULT value"; a column that exists; NOT NULL is not in the clause.
    expect(await error('ALTER TABLE `main`.`s`.`t` ADD COLUMNS (`y` INT DEFAULT 1)')).toMatch(/DEFAULT value/);
    expect(await error('ALTER TABLE `main`.`s`.`t` ADD COLUMNS (`v` INT)')).toMatch(/^\[FIELDS_ALREADY_EXISTS\]/);
    expect(await error('ALTER TABLE `main`.`s`.`t` ADD COLUMNS (`z` INT NOT NULL)')).toMatch(/^\[PARSE_SYNTAX_ERROR\]/);
  });

  it('makes each write a version: DESCRIBE HISTORY newest first, VERSION AS OF reads an older one', async () => {
    await stage(
      't/d=2025-01-01/part-1.parquet',
      "SELECT 1::BIGINT AS id, 2::INT AS v, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS ts",
    );
    await ok(copy("PATTERN = 'd=*/part-1.parquet'"));
    await ok(copy("PATTERN = 'd=*/part-1.parquet'")); // every file skipped: no new version
    await stage(
      't/d=2025-01-01/part-2.parquet',
      "SELECT 2::BIGINT AS id, 3::INT AS v, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS ts",
    );
    await ok(copy("PATTERN = 'd=*/part-2.parquet'"));
    const history = await ok('DESCRIBE HISTORY `main`.`s`.`t`');
    const col = (name: string) =>
      history.columns.findIndex((c) => (typeof c === 'string' ? c : (c as { name: string }).name) === name);
    expect(history.rows.map((r) => [r[col('version')], r[col('operation')]])).toEqual([
      [2, 'COPY INTO'],
      [1, 'COPY INTO'],
      [0, 'CREATE TABLE'],
    ]);
    expect((await ok('DESCRIBE HISTORY `main`.`s`.`t` LIMIT 1')).rows).toHaveLength(1);
    const count = async (v: number) =>
      (await ok(`SELECT count(*) AS n FROM \`main\`.\`s\`.\`t\` VERSION AS OF ${v}`)).rows[0][0];
    expect([await count(0), await count(1), await count(2)]).toEqual([0, 1, 2]);
    expect(await error('SELECT count(*) FROM `main`.`s`.`t` VERSION AS OF 3')).toMatch(/^\[DELTA_VERSION_NOT_FOUND\]/);
  });
});
