import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { tempDir } from './helpers/drops.js';

/** The real CLI with stdin of our choosing (piped SQL). */
function sql(args: string[], input = '') {
  const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), 'sql', ...args], {
    encoding: 'utf8',
    input,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = tempDir();
const db = join(dir, 'formats.duckdb');
const args = ['--db', db];
// Values that trip JSON and CSV writers: ids past 2^53, decimals, microseconds before 1970,
// a map, a list, NULL, quotes, commas and a line break in a string.
const CREATE = `CREATE TABLE t AS SELECT * FROM (VALUES
  (1, 42::BIGINT, 9007199254740993::BIGINT, 12.50::DECIMAL(10,2), TIMESTAMP '2025-07-03 21:04:05.123456',
   TIMESTAMPTZ '2025-07-03 21:04:05.5+00', DATE '2025-07-03', MAP {'News': 0.25, 'Sports': 0.75}, ['a', 'b'], 'plain'),
  (2, -7::BIGINT, NULL, 0.05::DECIMAL(10,2), TIMESTAMP '1969-12-31 23:59:59.999999',
   NULL, NULL, MAP {}, [], 'say "hi", then
leave')
) AS v(k, small, big, price, ts, tstz, d, m, l, s)`;

beforeAll(async () => {
  const d = await openDuck(db);
  await d.run(CREATE);
  d.close();
});

/** DuckDB's own reading of the table, as the reference the CLI's output is compared with. */
async function reference(query: string): Promise<Record<string, unknown>[]> {
  const d = await openDuck(db, { readOnly: true });
  try {
    return await d.all(query);
  } finally {
    d.close();
  }
}

describe('sql --format json and jsonl', () => {
  it('writes numbers as numbers (strings past 2^53), timestamps as ISO 8601 UTC, maps as objects', async () => {
    const r = sql([...args, '--format', 'json', 'SELECT * FROM t ORDER BY k']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    const ref = await reference(`SELECT
        CAST(big AS VARCHAR) AS big,
        strftime(ts, '%Y-%m-%dT%H:%M:%S.%fZ') AS ts,
        strftime(tstz AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS tstz,
        to_json(m)::VARCHAR AS m, to_json(l)::VARCHAR AS l
      FROM t ORDER BY k`);
    expect(rows[0].small).toBe(42);
    expect(rows[1].small).toBe(-7);
    // 2^53 + 1 has no exact double: a number would silently become ...992.
    expect(rows[0].big).toBe(ref[0].big);
    expect(rows[0].big).toBe('9007199254740993');
    expect(rows[1].big).toBeNull();
    expect(rows.map((x: { price: unknown }) => x.price)).toEqual([12.5, 0.05]);
    expect(rows.map((x: { ts: unknown }) => x.ts)).toEqual(ref.map((x) => x.ts));
    expect(rows[0].tstz).toBe(ref[0].tstz);
    expect(rows[0].ts).toBe('2025-07-03T21:04:05.123456Z');
    expect(new Date(rows[0].ts).toISOString()).toBe('2025-07-03T21:04:05.123Z');
    expect(rows[0].d).toBe('2025-07-03');
    expect(rows.map((x: { m: unknown }) => x.m)).toEqual(ref.map((x) => JSON.parse(String(x.m))));
    expect(rows[0].m).toEqual({ News: 0.25, Sports: 0.75 });
    expect(rows.map((x: { l: unknown }) => x.l)).toEqual(ref.map((x) => JSON.parse(String(x.l))));
    expect(rows[1].s).toBe('say "hi", then\nleave');
    // --json is the same as --format json.
    expect(sql([...args, '--json', 'SELECT * FROM t ORDER BY k']).stdout).toBe(r.stdout);
  });

  it('jsonl prints one object a line, every statement’s rows in order', () => {
    const r = sql([...args, '--format', 'jsonl', 'SELECT k FROM t ORDER BY k; SELECT s FROM t WHERE k = 2']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ k: 1 }, { k: 2 }, { s: 'say "hi", then\nleave' }]);
  });
});

describe('sql --format csv', () => {
  it('round-trips through DuckDB’s own CSV reader: quotes, commas, line breaks, NULL', async () => {
    const r = sql([...args, '--format', 'csv', 'SELECT k, small, big, price, ts, s FROM t ORDER BY k']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('k,small,big,price,ts,s');
    const file = join(dir, 'out.csv');
    writeFileSync(file, r.stdout);
    const [diff] = await reference(`SELECT count(*) AS n FROM (
        (SELECT k, small, big, price, ts, s FROM t EXCEPT SELECT * FROM read_csv('${file}', header = true,
          columns = {'k': 'INTEGER', 'small': 'BIGINT', 'big': 'BIGINT', 'price': 'DECIMAL(10,2)', 'ts': 'TIMESTAMP', 's': 'VARCHAR'}))
        UNION ALL
        (SELECT * FROM read_csv('${file}', header = true,
          columns = {'k': 'INTEGER', 'small': 'BIGINT', 'big': 'BIGINT', 'price': 'DECIMAL(10,2)', 'ts': 'TIMESTAMP', 's': 'VARCHAR'})
          EXCEPT SELECT k, small, big, price, ts, s FROM t))`);
    expect(Number(diff.n)).toBe(0);
    const [count] = await reference(`SELECT count(*) AS n FROM read_csv('${file}', header = true)`);
    expect(Number(count.n)).toBe(2);
  });

  it('refuses several statements for csv and json before running any', async () => {
    for (const format of ['csv', 'json']) {
      const r = sql([...args, '--write', '--format', format, 'INSERT INTO t (k) VALUES (99); SELECT 1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`--format ${format} holds the result of one statement; the SQL has 2\n {2}fix: `),
      );
      expect(r.stdout).toBe('');
    }
    const [row] = await reference('SELECT count(*) AS n FROM t');
    expect(Number(row.n)).toBe(2);
  });
});

describe('sql input and statements', () => {
  it('reads -f FILE, -f - and piped stdin the same as the argument', () => {
    const text = 'SELECT k, s FROM t WHERE k = 1;\nSELECT count(*) AS n FROM t;\n';
    const file = join(dir, 'q.sql');
    writeFileSync(file, text);
    const fromArg = sql([...args, text]);
    expect(fromArg.code, fromArg.stderr).toBe(0);
    expect(sql([...args, '-f', file]).stdout).toBe(fromArg.stdout);
    expect(sql([...args, '-f', '-'], text).stdout).toBe(fromArg.stdout);
    expect(sql(args, text).stdout).toBe(fromArg.stdout);
  });

  it('prints every statement’s table with its own row note and cut', () => {
    const r = sql([...args, '--max-rows', '1', 'SELECT k FROM t ORDER BY k; SELECT 3 AS three']);
    expect(r.code, r.stderr).toBe(0);
    // The first column is left-aligned and padded to its header's width.
    expect(r.stdout.split('\n').map((l) => l.trimEnd())).toEqual([
      'k',
      '-',
      '1',
      '(2 rows, 1 shown: 1 cut; --max-rows N to show more, 0 for all, or --format csv/json/jsonl)',
      '',
      'three',
      '-----',
      '3',
      '(1 row)',
      '',
    ]);
  });

  it('names the statement that failed after printing those that ran', () => {
    const r = sql([...args, 'SELECT 1 AS one; SELECT nope FROM t; SELECT 2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('one');
    expect(r.stderr).toMatch(/^idgraph: statement 2 of 3 failed: .*nope.* \(statement 1 ran\)\n$/);
  });

  it('refuses no SQL, an empty file, both sources, and an unknown format with a fix', () => {
    const empty = join(dir, 'empty.sql');
    writeFileSync(empty, '  \n');
    for (const [a, msg] of [
      [args, /the SQL on stdin is empty/],
      [[...args, '-f', empty], /the SQL file .*empty\.sql is empty/],
      [[...args, '-f', empty, 'SELECT 1'], /both a query and -f were given/],
      [[...args, '--format', 'xml', 'SELECT 1'], /--format must be one of table, csv, json, jsonl \(got 'xml'\)/],
      [[...args, '-f', join(dir, 'missing.sql')], /cannot read SQL file .*missing\.sql: ENOENT/],
    ] as const) {
      const r = sql([...a]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).toMatch(/\n {2}fix: /);
    }
  });
});
