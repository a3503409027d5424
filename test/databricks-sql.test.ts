/**
 * Golden SQL for everything the Databricks loader says, and the load runner against a recording
 * executor. Golden files live in test/golden/; `UPDATE_GOLDEN=1 npx vitest run test/databricks-sql.test.ts`
 * rewrites them (then review the diff by eye against the references below).
 *
 * Syntax checked against the Databricks SQL reference:
 * - CREATE TABLE, column properties (NOT NULL, DEFAULT, COMMENT, GENERATED ALWAYS AS), USING DELTA,
 *   PARTITIONED BY, COMMENT, TBLPROPERTIES: https://docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-create-table-using.html
 * - generated date partition column `DATE GENERATED ALWAYS AS (CAST(ts AS DATE))`:
 *   https://docs.databricks.com/gcp/en/tables/features/generated-columns.md
 * - informational keys `CONSTRAINT name PRIMARY KEY (…)`, `FOREIGN KEY (…) REFERENCES parent (…)`, names unique in the schema:
 *   https://docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-create-table-constraint.html
 * - `ALTER TABLE … ADD CONSTRAINT name CHECK (condition)` (CHECK cannot be declared in CREATE TABLE on Delta):
 *   https://docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-alter-table-add-constraint.html ,
 *   https://docs.databricks.com/aws/en/tables/constraints.html
 * - DEFAULT needs the writer feature `'delta.feature.allowColumnDefaults'`: https://docs.delta.io/delta-default-columns ,
 *   https://github.com/databricks/databricks-sql-python/issues/324
 * - `delta.logRetentionDuration` (time travel for 30 days, as the data model says): data model "Compliance Notes".
 * - liquid clustering `CLUSTER BY (…)`, no partitions, plain `OPTIMIZE t` re-clusters:
 *   https://docs.databricks.com/en/sql/language-manual/sql-ref-syntax-ddl-cluster-by.html
 * - `OPTIMIZE table_name [WHERE …] [ZORDER BY (col, …)]`, ZORDER not with liquid:
 *   https://docs.databricks.com/archive/spark-sql-2.x-language-manual/optimize.html ,
 *   https://learn.microsoft.com/zh-cn/azure/databricks/sql/language-manual/delta-optimize
 * - `COPY INTO t FROM (SELECT … FROM 'source') FILEFORMAT = PARQUET FILES = (…) | PATTERN = … COPY_OPTIONS (…)`,
 *   idempotent (loaded files skipped): https://docs.azure.cn/en-us/databricks/sql/language-manual/delta-copy-into ,
 *   https://docs.databricks.com/ingestion/copy-into/examples.html ; result columns num_affected_rows,
 *   num_inserted_rows, num_skipped_corrupt_files: https://www.databricks.com/blog/2021/09/09/getting-started-with-ingestion-into-delta-lake.html
 *   (as quoted in Databricks' own notebooks; the COPY INTO page does not list them).
 * - `SET TIME ZONE 'UTC'`: https://docs.databricks.com/sql/language-manual/sql-ref-syntax-aux-conf-mgmt-set-timezone.html
 * - `SHOW GRANTS` (needs owner/MANAGE unless it names yourself, so not used), information_schema privileges, ownership
 *   and `is_account_group_member(group)` (a STRING expression): https://docs.databricks.com/sql/language-manual/security-show-grant.html ,
 *   https://learn.microsoft.com/en-us/azure/databricks/sql/language-manual/information-schema/schema_privileges ,
 *   https://learn.microsoft.com/azure/databricks/sql/language-manual/functions/is_account_group_member
 * - `LIST url [LIMIT n]` (READ FILES / READ VOLUME trial): https://learn.microsoft.com/ja-jp/azure/databricks/sql/language-manual/sql-ref-syntax-aux-list ;
 *   `SHOW EXTERNAL LOCATIONS`: https://docs.databricks.com/sql/language-manual/sql-ref-syntax-aux-show-locations.html
 * - `DESCRIBE TABLE` rows col_name / data_type / comment: https://docs.databricks.com/sql/language-manual/sql-ref-syntax-aux-describe-table.html
 * - identifiers (regular: letters, digits, `_`; delimited: backticks, `` ` `` doubled):
 *   https://docs.databricks.com/sql/language-manual/sql-ref-identifiers.html
 * - string literals escape with a backslash (`'O\'Connell'`); `''` is not an escape in Spark SQL:
 *   https://docs.databricks.com/en/sql/language-manual/data-types/string-type.html
 * - validation SQL: `expr :: type` https://docs.databricks.com/sql/language-manual/functions/coloncolonsign.html ;
 *   size, array_contains, filter, aggregate, array_min/max, arrays_overlap, unix_micros, timestamp_micros,
 *   datediff, dayofweek (1 = Sunday), `agg FILTER (WHERE cond)` — Databricks SQL built-in functions.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { parseCopyResult } from '../src/databricks/load/copy-result.js';
import { copyIntoStatements } from '../src/databricks/load/copy-into.js';
import type { Executor } from '../src/databricks/load/executor.js';
import {
  buildLoadPlan,
  planStatements,
  SCHEMA_EVOLUTION_NOTE,
  type LoadPlanInput,
  withSchemaEvolution,
} from '../src/databricks/load/plan.js';
import { missingPrivileges, privilegeProbes, type PrivilegeAnswers } from '../src/databricks/load/privileges.js';
import { dataModelQueries, ruleStatement, validateOnDatabricks } from '../src/databricks/load/remote-rules.js';
import {
  IncompatibleSchemaError,
  loadIntoDatabricks,
  MissingPrivilegesError,
} from '../src/databricks/load/run-load.js';
import { schemaDifferences, schemaEvolution } from '../src/databricks/load/schema-compat.js';
import { parseStaging } from '../src/databricks/load/staging.js';
import { UserError } from '../src/errors.js';
import {
  databricksCheckConstraints,
  databricksCreateSchema,
  databricksCreateTable,
  databricksOptimize,
} from '../src/schema/derive/ddl-databricks.js';
import { getTable, TABLES } from '../src/schema/registry.js';
import { databricksDialect, safeName, sparkLiteral } from '../src/sql/dialect-databricks.js';
import { allRules } from '../src/validate/validate.js';
import { latestScope } from '../src/databricks/load/latest-scope.js';
import { continuedConfig } from '../src/lineage/lineage.js';
import { firstIncrementLineage } from './helpers/increment-lineage.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');

/** Compares with a committed golden file; UPDATE_GOLDEN=1 writes it. A missing golden fails. */
function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

const sqlFile = (statements: readonly string[]): string => statements.map((s) => `${s};\n`).join('\n');
const target = { catalog: 'main', schema: 'synthetic_data' };
const config = resolveConfig({});

/** A small manifest file list: two households files, event tables in date folders. */
const files: LoadPlanInput['files'] = TABLES.flatMap((t) =>
  t.partition
    ? [
        `${t.name}/event_date=2025-07-03/part-000000-abc123.parquet`,
        `${t.name}/event_date=2025-07-04/part-000000-abc123.parquet`,
      ].map((path) => ({ path, table: t.name }))
    : t.name === 'households'
      ? [
          { path: 'households/part-000000-abc123.parquet', table: t.name },
          { path: 'households/part-000064-abc123.parquet', table: t.name },
        ]
      : [{ path: `${t.name}/part-000000-abc123.parquet`, table: t.name }],
);
const input = (over: Partial<LoadPlanInput> = {}): LoadPlanInput => ({
  ...target,
  staging: 's3://idgraph-stage/runs/run-42/',
  files,
  config,
  ...over,
});

describe('golden Databricks SQL', () => {
  it('CREATE SCHEMA and CREATE TABLE per table, date partitions (zorder layout), with CHECKs as ALTER TABLE', () => {
    expectGolden(
      'databricks/ddl-zorder.sql',
      sqlFile([
        databricksCreateSchema(target),
        ...TABLES.flatMap((t) => [
          databricksCreateTable(t, target, 'zorder'),
          ...databricksCheckConstraints(t, target).map((c) => c.sql),
        ]),
      ]),
    );
  });

  it('CREATE TABLE with liquid clustering: CLUSTER BY the Z-order columns, no PARTITIONED BY', () => {
    const ddl = TABLES.map((t) => databricksCreateTable(t, target, 'liquid'));
    expectGolden('databricks/ddl-liquid.sql', sqlFile(ddl));
    for (const sql of ddl) {
      expect(sql).not.toContain('PARTITIONED BY');
      expect(sql).toMatch(/\nCLUSTER BY \(/);
    }
  });

  it('COPY INTO per table from the staged files, and OPTIMIZE in both layouts', () => {
    const plan = buildLoadPlan(input());
    expectGolden(
      'databricks/copy-into.sql',
      sqlFile(plan.steps.filter((s) => s.kind === 'copy-into').map((s) => s.sql)),
    );
    expectGolden('databricks/optimize-zorder.sql', sqlFile(TABLES.map((t) => databricksOptimize(t, target, 'zorder'))));
    expectGolden('databricks/optimize-liquid.sql', sqlFile(TABLES.map((t) => databricksOptimize(t, target, 'liquid'))));
  });

  it('privilege checks for an S3 and a volume staging location', () => {
    const s3 = privilegeProbes(target, parseStaging('s3://idgraph-stage/runs/run-42'));
    const volume = privilegeProbes(target, parseStaging('/Volumes/main/synthetic_data/staging/run-42'));
    expectGolden(
      'databricks/privileges.sql',
      sqlFile([s3.principal, s3.grants, s3.describeSchema, s3.showTables, s3.staging, volume.staging]),
    );
  });

  it("the data model's validation queries, and the full rule set for `validate --engine databricks`", () => {
    expectGolden('databricks/validation-queries.sql', sqlFile(dataModelQueries(config, target).map(ruleStatement)));
    const rules = allRules(config, databricksDialect(target));
    expectGolden(
      'databricks/validate-rules.sql',
      rules
        .map(
          (r) =>
            `-- ${r.id} [${r.kind}]${r.duckdbOnly ? ` DuckDB only: ${r.duckdbOnly}` : ''}\n${r.duckdbOnly ? '' : `${r.sql};\n`}`,
        )
        .join('\n'),
    );
  });

  it('validate --engine databricks on base + increment: the rules read the latest window through subqueries (golden SQL)', async () => {
    const inc = continuedConfig(config, 7, 0);
    const lineage = firstIncrementLineage('base000001');
    const loaded = [
      { fingerprint: 'base000001', lineage_id: 'base000001', sequence: 0 },
      { fingerprint: 'inc0000001', lineage_id: 'base000001', sequence: 1 },
    ];
    const executor: Executor = { execute: async (sql) => (/_idgraph_lineage/.test(sql) ? loaded : []) };
    const scope = await latestScope(executor, target, { fingerprint: 'inc0000001', config: inc, lineage });
    expect(scope.scoped).toBe(true);
    // The rules' window is the base's length (90 days) ending with the increment's.
    expect(scope.config.window).toEqual({ end: inc.window.end, length: '90d' });
    const rules = allRules(scope.config, scope.dialect).filter((r) => !r.duckdbOnly);
    expectGolden(
      'databricks/validate-rules-latest.sql',
      rules.map((r) => `-- ${r.id} [${r.kind}]\n${r.sql};\n`).join('\n'),
    );
    // Every read of a scoped table goes through the filter; the households are read whole.
    const scopedRules = rules.filter((r) => /`main`\.`synthetic_data`\.campaign_exposures/.test(r.sql));
    expect(scopedRules.length).toBeGreaterThan(5);
    for (const r of scopedRules)
      expect(r.sql, r.id).not.toMatch(/FROM `main`\.`synthetic_data`\.campaign_exposures(?! WHERE)/);
    expect(rules.find((r) => r.id === 'households.primary_key')?.sql).not.toMatch(/\(SELECT \* FROM/);
    // Judging the schema with an earlier drop's config is refused, naming the latest drop.
    await expect(
      latestScope(executor, target, { fingerprint: 'base000001', config, lineage: { ...lineage, sequence: 0 } }),
    ).rejects.toThrow(/holds drops up to inc0000001 \(sequence 1/);
    // A schema of one drop, or without a lineage record, is read whole.
    const none: Executor = {
      execute: async () => {
        throw new Error('[TABLE_OR_VIEW_NOT_FOUND] The table or view cannot be found.');
      },
    };
    expect((await latestScope(none, target, { fingerprint: 'x', config })).scoped).toBe(false);
  });

  it('renders the DuckDB rules byte for byte as before the dialect seam', () => {
    const rules = allRules(config);
    expectGolden(
      'duckdb/rules.sql',
      rules.map((r) => `-- ${r.id} [${r.kind}] ${r.description}\n${r.sql};\n`).join('\n'),
    );
  });

  it('leaves no DuckDB spelling in Databricks rules and qualifies every table', () => {
    for (const r of allRules(config, databricksDialect(target)).filter((x) => !x.duckdbOnly)) {
      expect(r.sql, r.id).not.toMatch(/"|list_|\blen\(|epoch_us|make_timestamptz|VARCHAR|\[\]|FILTER \((?!WHERE)/);
      // A name the statement defines itself (WITH name AS (…), other AS (…)) is not a table, nor is IS NOT DISTINCT FROM x.
      const ctes = new Set([...r.sql.matchAll(/(?:\bWITH|,)\s+(\w+)\s+AS\s*\(/g)].map((m) => m[1]));
      for (const m of r.sql.matchAll(/(?<!DISTINCT\s)\b(?:FROM|JOIN)\s+([`\w.]+)/g))
        if (!m[1].startsWith('(') && !ctes.has(m[1]))
          expect(m[1], `${r.id}: ${m[0]}`).toMatch(/^`main`\.`synthetic_data`\./);
    }
  });
});

/** Reads a Spark string literal starting at `start` (a quote): its value and where it ends. */
function readSparkLiteral(sql: string, start: number): { value: string; end: number } {
  expect(sql[start]).toBe("'");
  let value = '';
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\') {
      value += sql[++i];
      continue;
    }
    if (sql[i] === "'") return { value, end: i + 1 };
    value += sql[i];
  }
  throw new Error('unterminated literal');
}

describe('names and paths cannot inject SQL', () => {
  it.each(['main; DROP TABLE x', 'main`.`x', 'a-b', '', '1abc', 'main\n', "x' OR '1'='1"])(
    'refuses the catalog/schema name %j',
    (name) => {
      expect(() => safeName('catalog', name)).toThrow(UserError);
      expect(() => buildLoadPlan(input({ catalog: name }))).toThrow(/invalid --catalog/);
      expect(() => buildLoadPlan(input({ schema: name }))).toThrow(/invalid --schema/);
    },
  );

  it('escapes a quote (and backslash) in the staging path so the literal ends where it should', () => {
    for (const staging of [
      "s3://idgraph-stage/it's/run-42",
      "s3://idgraph-stage/x'); DROP TABLE y; --",
      "/Volumes/main/s/v/back\\slash'quote",
    ]) {
      const copy = buildLoadPlan(input({ staging })).steps.find(
        (s) => s.kind === 'copy-into' && s.table === 'households',
      )!.sql;
      const at = copy.indexOf(" FROM '") + 6;
      const { value, end } = readSparkLiteral(copy, at);
      expect(value).toBe(`${staging}/households`);
      expect(copy.slice(end)).toMatch(/^\)\nFILEFORMAT = PARQUET\n/);
    }
    expect(sparkLiteral("O'Connell")).toBe("'O\\'Connell'");
  });

  it('refuses staging locations that are not s3:// or /Volumes/, or hold control characters', () => {
    for (const staging of [
      'file:///etc',
      './out',
      'abfss://c@a.dfs.core.windows.net/x',
      's3://b/x\nDROP TABLE y',
      '/Volumes/only-two/parts',
    ]) {
      expect(() => buildLoadPlan(input({ staging })), staging).toThrow(UserError);
    }
  });
});

/** Answers like a warehouse would, and records every statement. */
function recordingExecutor(
  options: {
    grants?: (sql: string) => Record<string, unknown>[];
    describe?: (table: string) => Record<string, unknown>[];
    properties?: (table: string) => Record<string, unknown>[];
    inserted?: (table: string) => number;
    list?: () => Record<string, unknown>[];
    describeSchema?: () => Record<string, unknown>[];
    showTables?: () => Record<string, unknown>[];
  } = {},
) {
  const statements: string[] = [];
  const tableOf = (sql: string) => /`main`\.`synthetic_data`\.`(\w+)`/.exec(sql)?.[1] ?? '';
  const executor: Executor = {
    async execute(sql: string) {
      statements.push(sql);
      if (sql.startsWith('SELECT current_user()')) return [{ principal: 'loader@example.com' }];
      if (sql.startsWith("SELECT 'CATALOG'"))
        return options.grants
          ? options.grants(sql)
          : [
              { securable: 'CATALOG', object: 'main', privilege: 'USE CATALOG' },
              { securable: 'CATALOG', object: 'main', privilege: 'CREATE SCHEMA' },
            ];
      if (sql.startsWith('LIST '))
        return options.list
          ? options.list()
          : [{ path: 's3://idgraph-stage/runs/run-42/households', name: 'households', size: 0 }];
      if (sql.startsWith('DESCRIBE SCHEMA')) {
        if (options.describeSchema) return options.describeSchema();
        throw new Error('[SCHEMA_NOT_FOUND] The schema `main`.`synthetic_data` cannot be found.');
      }
      if (sql.startsWith('SHOW TABLES IN')) return options.showTables ? options.showTables() : [];
      if (sql.startsWith('DESCRIBE TABLE')) return options.describe!(tableOf(sql));
      if (sql.startsWith('SHOW TBLPROPERTIES')) return options.properties ? options.properties(tableOf(sql)) : [];
      if (sql.startsWith('COPY INTO')) {
        const n = options.inserted ? options.inserted(tableOf(sql)) : 100;
        return [{ num_affected_rows: n, num_inserted_rows: n, num_skipped_corrupt_files: 0 }];
      }
      if (sql.startsWith('OPTIMIZE')) return [{ path: 's3://…', metrics: {} }];
      if (sql.startsWith('SELECT count(*) AS bad')) return [{ bad: 0 }];
      if (sql.startsWith('SELECT avg(id_count)')) return [{ figure: 4.01, n: 20000 }];
      return [];
    },
  };
  return { executor, statements };
}

const describeRows = (table: string) => [
  ...getTable(table).columns.map((c) => ({
    col_name: c.name,
    data_type: c.type.toLowerCase(),
    comment: c.description,
  })),
  ...(getTable(table).partition ? [{ col_name: 'event_date', data_type: 'date', comment: null }] : []),
  { col_name: '', data_type: '', comment: '' },
  ...(getTable(table).partition
    ? [
        { col_name: '# Partition Information', data_type: '', comment: '' },
        { col_name: 'event_date', data_type: 'date', comment: null },
      ]
    : []),
];
const allExisting = (sql: string) => [
  { securable: 'CATALOG', object: 'main', privilege: 'USE CATALOG' },
  { securable: 'SCHEMA', object: 'synthetic_data', privilege: 'EXISTS' },
  { securable: 'SCHEMA', object: 'synthetic_data', privilege: 'OWNER' },
  ...TABLES.map((t) => ({ securable: 'TABLE', object: t.name, privilege: 'EXISTS' })),
  ...(sql ? [] : []),
];

describe('loadIntoDatabricks', () => {
  it('runs UTC first, checks before work, creates parents before children, copies, optimizes, then validates', async () => {
    const { executor, statements } = recordingExecutor({ inserted: (t) => t.length });
    const progress: string[] = [];
    const summary = await loadIntoDatabricks(
      { ...input(), onProgress: (p) => progress.push(`${p.stage}:${p.table ?? ''}`) },
      executor,
    );

    expect(statements[0]).toBe("SET TIME ZONE 'UTC'");
    // The schema is not in information_schema: DESCRIBE SCHEMA confirms it is absent before CREATE SCHEMA is needed.
    expect(statements.slice(1, 5).map((s) => s.split(/\s/).slice(0, 2).join(' '))).toEqual([
      'SELECT current_user()',
      "SELECT 'CATALOG'",
      'DESCRIBE SCHEMA',
      "LIST 's3://idgraph-stage/runs/run-42'",
    ]);
    const first = (prefix: string, table: string) =>
      statements.findIndex((s) => s.startsWith(prefix) && s.includes(`\`synthetic_data\`.\`${table}\``));
    for (const t of TABLES) {
      for (const fk of t.foreignKeys) {
        expect(first('CREATE TABLE', fk.table), `${fk.table} before ${t.name}`).toBeLessThan(
          first('CREATE TABLE', t.name),
        );
        expect(first('COPY INTO', fk.table), `${fk.table} before ${t.name}`).toBeLessThan(first('COPY INTO', t.name));
      }
    }
    const kinds = statements.map((s) => s.split(/\s/)[0]);
    expect(kinds.lastIndexOf('CREATE')).toBeLessThan(kinds.indexOf('COPY'));
    expect(kinds.lastIndexOf('ALTER')).toBeLessThan(kinds.indexOf('COPY'));
    expect(kinds.lastIndexOf('COPY')).toBeLessThan(kinds.indexOf('OPTIMIZE'));
    expect(kinds.lastIndexOf('OPTIMIZE')).toBeLessThan(
      statements.findIndex((s) => s.startsWith('SELECT count(*) AS bad')),
    );
    expect(statements.some((s) => /\bDROP\b/.test(s))).toBe(false);
    // The plan is exactly what ran (fresh schema: no DESCRIBE / SHOW TBLPROPERTIES needed).
    expect(statements).toEqual(
      planStatements(withSchemaEvolution(buildLoadPlan(input()), [])).filter(
        (s) => !/^(DESCRIBE TABLE|SHOW TBLPROPERTIES|SHOW TABLES)/.test(s),
      ),
    );

    for (const t of TABLES)
      expect(summary.tables[t.name]).toMatchObject({ created: true, inserted: t.name.length, optimized: true });
    expect(summary.tables.households.files).toBe(2);
    expect(summary.validation.map((v) => [v.id, v.ok])).toEqual([
      ['individuals.orphaned_individuals', true],
      ['response_events.temporal_violations', true],
      ['identity_mappings.avg_identifiers_per_person', true],
      ['campaign_exposures.out_of_campaign_period', true],
    ]);
    expect(progress.filter((p) => p.startsWith('copy:'))).toEqual(TABLES.map((t) => `copy:${t.name}`));
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('a rerun re-adds no CHECK, creates nothing new, and reports the 0 rows COPY INTO inserted', async () => {
    const checks = TABLES.flatMap((t) => databricksCheckConstraints(t, target));
    const { executor, statements } = recordingExecutor({
      grants: allExisting,
      describe: describeRows,
      inserted: () => 0,
      properties: (table) => [
        { key: 'delta.logRetentionDuration', value: 'interval 30 days' },
        ...checks.filter((c) => c.table === table).map((c) => ({ key: `delta.constraints.${c.name}`, value: '…' })),
      ],
    });
    const summary = await loadIntoDatabricks(input(), executor);
    expect(statements.filter((s) => s.startsWith('ALTER TABLE'))).toEqual([]);
    // The registry's tables and the lineage record (_idgraph_lineage), each only if absent.
    expect(statements.filter((s) => s.startsWith('CREATE TABLE IF NOT EXISTS'))).toHaveLength(TABLES.length + 1);
    expect(Object.values(summary.tables).every((t) => !t.created && t.inserted === 0 && t.checksAdded === 0)).toBe(
      true,
    );
  });

  it('plans ADD COLUMNS for an older table where it runs: --dry-run marks the place, the load runs exactly its plan', async () => {
    const checks = TABLES.flatMap((t) => databricksCheckConstraints(t, target));
    // content_engagements as an older idgraph made it: without its last (nullable) column.
    const older = (table: string) =>
      describeRows(table).filter((r) => !(table === 'content_engagements' && r.col_name === 'session_id'));
    const { executor, statements } = recordingExecutor({
      grants: allExisting,
      describe: older,
      properties: (table) =>
        checks.filter((c) => c.table === table).map((c) => ({ key: `delta.constraints.${c.name}` })),
    });
    const summary = await loadIntoDatabricks(input(), executor);
    const name = '`main`.`synthetic_data`.`content_engagements`';
    const { alter } = schemaEvolution(getTable('content_engagements'), older('content_engagements'), name);
    expect(alter).toMatch(
      /^ALTER TABLE `main`\.`synthetic_data`\.`content_engagements` ADD COLUMNS \(`session_id` STRING COMMENT/,
    );
    expect(summary.notices).toContain(`added new nullable columns to content_engagements: ${alter}`);
    // What ran is the plan with that step, in its place (CHECKs already present are skipped).
    const plan = withSchemaEvolution(buildLoadPlan(input()), [{ table: 'content_engagements', sql: alter! }]);
    // (DESCRIBE SCHEMA and SHOW TABLES run only when information_schema hides something.)
    const conditional = (s: string) => /ADD CONSTRAINT|^DESCRIBE SCHEMA|^SHOW TABLES/.test(s);
    expect(statements).toEqual(planStatements(plan).filter((s) => !conditional(s)));
    expect(statements.indexOf(alter!)).toBeLessThan(statements.findIndex((s) => s.startsWith('CREATE SCHEMA')));
    // A dry run cannot DESCRIBE: it says where the ALTERs go and what decides them, in the same place.
    const dry = (await loadIntoDatabricks({ ...input(), dryRun: true }, null)).statements!;
    expect(dry.indexOf(SCHEMA_EVOLUTION_NOTE)).toBe(dry.findIndex((s) => s.startsWith('CREATE SCHEMA')) - 1);
    expect(dry.filter((s) => s !== SCHEMA_EVOLUTION_NOTE)).toEqual(
      planStatements(withSchemaEvolution(buildLoadPlan(input()), [])),
    );
  });

  it('--dry-run returns the full plan and connects to nothing', async () => {
    const executor: Executor = {
      execute: () => {
        throw new Error('dry run must not execute');
      },
    };
    const summary = await loadIntoDatabricks({ ...input(), dryRun: true }, executor);
    const nullExecutor = await loadIntoDatabricks(input(), null);
    expect(summary.dryRun).toBe(true);
    expect(nullExecutor.statements).toEqual(summary.statements);
    expect(summary.statements).toEqual(planStatements(buildLoadPlan(input())));
    expect(summary.statements!.filter((s) => s.startsWith('COPY INTO'))).toHaveLength(TABLES.length);
  });

  it('reports an existing table with an incompatible schema and changes nothing', async () => {
    const { executor, statements } = recordingExecutor({
      grants: allExisting,
      describe: (t) =>
        describeRows(t).map((r) =>
          t === 'households' && r.col_name === 'household_size' ? { ...r, data_type: 'string' } : r,
        ),
    });
    const err = await loadIntoDatabricks(input(), executor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompatibleSchemaError);
    expect((err as IncompatibleSchemaError).tables).toEqual({ households: ['household_size: string, expected int'] });
    expect((err as Error).message).toContain('households (household_size: string, expected int)');
    expect(statements.some((s) => /^(CREATE|ALTER|COPY|OPTIMIZE|DROP)/.test(s))).toBe(false);
  });

  it('names each missing privilege with the GRANT that fixes it, before any work', async () => {
    const { executor, statements } = recordingExecutor({
      grants: () => [
        { securable: 'CATALOG', object: 'main', privilege: 'USE CATALOG' },
        { securable: 'SCHEMA', object: 'synthetic_data', privilege: 'EXISTS' },
      ],
      list: () => {
        throw new Error('PERMISSION_DENIED: User does not have READ VOLUME on Volume main.synthetic_data.staging');
      },
    });
    const err = await loadIntoDatabricks(
      input({ staging: '/Volumes/main/synthetic_data/staging/run-42' }),
      executor,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPrivilegesError);
    expect((err as MissingPrivilegesError).missing.map((m) => m.grant)).toEqual([
      'GRANT USE SCHEMA ON SCHEMA `main`.`synthetic_data` TO `loader@example.com`',
      'GRANT CREATE TABLE ON SCHEMA `main`.`synthetic_data` TO `loader@example.com`',
      'GRANT READ VOLUME ON VOLUME `main`.`synthetic_data`.`staging` TO `loader@example.com`',
    ]);
    expect((err as UserError).exitCode).toBe(2);
    expect(statements.some((s) => /^(CREATE|ALTER|COPY)/.test(s))).toBe(false);
  });

  it('a staging location that cannot be listed for another reason is named as such, not as a missing grant', async () => {
    const { executor } = recordingExecutor({
      list: () => {
        throw new Error('[PATH_NOT_FOUND] s3://idgraph-stage/runs/run-42 does not exist');
      },
    });
    await expect(loadIntoDatabricks(input(), executor)).rejects.toThrow(
      /^cannot list the staging location s3:\/\/idgraph-stage\/runs\/run-42: \[PATH_NOT_FOUND\]/,
    );
  });

  it('loads a table with more than 1000 files with one COPY INTO whose PATTERN names no file list', async () => {
    // FILES takes at most 1000 names; PATTERN has no such limit (COPY INTO reference).
    const many = Array.from({ length: 1005 }, (_, i) => ({
      path: `households/part-${String(i).padStart(6, '0')}-abc123.parquet`,
      table: 'households',
    }));
    const { executor, statements } = recordingExecutor({ inserted: () => 7 });
    const summary = await loadIntoDatabricks(input({ files: many }), executor);
    const copies = statements.filter((s) => s.startsWith('COPY INTO'));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toContain("PATTERN = 'part-*-abc123.parquet'");
    expect(copies[0]).not.toContain('FILES');
    expect(summary.tables.households).toMatchObject({ files: 1005, inserted: 7 });
    expect(summary.tables.individuals.inserted).toBe(0);
  });

  it('a schema information_schema hides but DESCRIBE SCHEMA sees is not created; the unprovable grants are notices', async () => {
    const { executor, statements } = recordingExecutor({
      grants: () => [{ securable: 'CATALOG', object: 'main', privilege: 'USE_CATALOG' }],
      describeSchema: () => [{ database_description_item: 'Catalog Name', database_description_value: 'main' }],
      showTables: () => [{ database: 'synthetic_data', tableName: 'households', isTemporary: false }],
      describe: describeRows,
    });
    const summary = await loadIntoDatabricks(input(), executor);
    expect(statements.some((s) => s.startsWith('SHOW TABLES IN `main`.`synthetic_data`'))).toBe(true);
    // SHOW TABLES found households: it is inspected like any existing table, and not reported as created.
    expect(statements).toContain('DESCRIBE TABLE `main`.`synthetic_data`.`households`');
    expect(summary.tables.households.created).toBe(false);
    expect(summary.notices).toEqual([
      expect.stringMatching(
        /^could not be confirmed: USE SCHEMA on SCHEMA `main`\.`synthetic_data` \(information_schema does not show/,
      ),
      expect.stringMatching(/^could not be confirmed: CREATE TABLE .*absent or not visible to you/),
      expect.stringMatching(/^could not be confirmed: MODIFY .*households/),
      expect.stringMatching(/^could not be confirmed: SELECT .*households/),
    ]);
  });

  it('an unreadable information_schema is a notice, not an abort; a refused one is a missing USE CATALOG', async () => {
    const broken = recordingExecutor({
      grants: () => {
        throw new Error('[TABLE_OR_VIEW_NOT_FOUND] information_schema.catalog_privileges');
      },
    });
    const summary = await loadIntoDatabricks(input(), broken.executor);
    expect(summary.notices).toEqual([expect.stringMatching(/^could not be confirmed: USE CATALOG on CATALOG `main`/)]);
    expect(broken.statements.some((s) => s.startsWith('COPY INTO'))).toBe(true);

    const refused = recordingExecutor({
      grants: () => {
        throw new Error('[INSUFFICIENT_PERMISSIONS] User does not have USE CATALOG on Catalog main');
      },
    });
    const err = await loadIntoDatabricks(input(), refused.executor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPrivilegesError);
    expect((err as Error).message).toContain('GRANT USE CATALOG ON CATALOG `main` TO `loader@example.com`');
  });

  it('turns a failed statement into one message naming the step (exit 2)', async () => {
    const { executor } = recordingExecutor();
    const failing: Executor = {
      execute: (sql) =>
        sql.startsWith('COPY INTO')
          ? Promise.reject(new Error('[DELTA_FAILED] boom\n  at stack'))
          : executor.execute(sql),
    };
    await expect(loadIntoDatabricks(input(), failing)).rejects.toThrow(
      /^COPY INTO households failed: \[DELTA_FAILED\] boom$/,
    );
  });
});

describe('pieces', () => {
  it('parses COPY INTO results: numbers, bigints and strings; several rows; refuses an unknown shape', () => {
    expect(parseCopyResult([{ num_affected_rows: 10, num_inserted_rows: 10, num_skipped_corrupt_files: 0 }])).toEqual({
      affected: 10,
      inserted: 10,
      skippedCorruptFiles: 0,
    });
    expect(
      parseCopyResult([
        { num_affected_rows: 5n, num_inserted_rows: '5', num_skipped_corrupt_files: 1n },
        { num_affected_rows: 2, num_inserted_rows: 2 },
      ]),
    ).toEqual({ affected: 7, inserted: 7, skippedCorruptFiles: 1 });
    expect(parseCopyResult([{ num_affected_rows: 3 }])).toEqual({ affected: 3, inserted: 3, skippedCorruptFiles: 0 });
    expect(parseCopyResult([])).toEqual({ affected: 0, inserted: 0, skippedCorruptFiles: 0 });
    expect(() => parseCopyResult([{ rows: 3 }])).toThrow(/unexpected COPY INTO result/);
    expect(() => parseCopyResult([{ num_inserted_rows: 'many' }])).toThrow(/non-numeric/);
  });

  it('compares DESCRIBE TABLE rows with the registry', () => {
    expect(schemaDifferences(getTable('content_engagements'), describeRows('content_engagements'))).toEqual([]);
    const rows = describeRows('campaigns')
      .filter((r) => r.col_name !== 'goal')
      .concat([]);
    rows.splice(1, 0, { col_name: 'extra', data_type: 'int', comment: null });
    expect(schemaDifferences(getTable('campaigns'), rows)).toEqual(['goal: missing', 'extra: not in the data model']);
    expect(
      schemaDifferences(
        getTable('content_engagements'),
        describeRows('content_engagements').filter((r) => r.col_name !== 'event_date'),
      ),
    ).toEqual(['event_date: missing']);
  });

  it('privileges: a missing schema needs CREATE SCHEMA; an unreadable catalog needs USE CATALOG; S3 needs READ FILES', () => {
    const staging = parseStaging('s3://idgraph-stage/runs/run-42');
    const base: PrivilegeAnswers = {
      principal: 'ops team',
      grants: [{ securable: 'CATALOG', object: 'main', privilege: 'USE CATALOG' }],
      staging: true,
    };
    expect(missingPrivileges(base, target, staging).map((m) => m.grant)).toEqual([
      'GRANT CREATE SCHEMA ON CATALOG `main` TO `ops team`',
    ]);
    expect(
      missingPrivileges(
        { ...base, grants: [{ securable: 'CATALOG', object: 'main', privilege: 'ALL PRIVILEGES' }] },
        target,
        staging,
      ),
    ).toEqual([]);
    expect(
      missingPrivileges({ ...base, grants: new Error('[NO_SUCH_CATALOG_EXCEPTION] main') }, target, staging).map(
        (m) => m.privilege,
      ),
    ).toEqual(['USE CATALOG']);
    const s3 = missingPrivileges(
      {
        ...base,
        grants: [{ securable: 'CATALOG', object: 'main', privilege: 'OWNER' }],
        staging: new Error('PERMISSION_DENIED'),
      },
      target,
      staging,
    );
    expect(s3).toHaveLength(1);
    expect(s3[0].grant).toMatch(
      /^GRANT READ FILES ON EXTERNAL LOCATION `<the external location that covers s3:\/\/idgraph-stage\/runs\/run-42>` TO `ops team`$/,
    );
    // Existing tables owned by someone else need MODIFY and SELECT (granted on the table is enough).
    const tables: Record<string, unknown>[] = [
      { securable: 'CATALOG', object: 'main', privilege: 'USE CATALOG' },
      { securable: 'SCHEMA', object: 'synthetic_data', privilege: 'USE SCHEMA' },
      { securable: 'SCHEMA', object: 'synthetic_data', privilege: 'EXISTS' },
      ...[...TABLES.map((t) => t.name), '_idgraph_lineage'].flatMap((name) => [
        { securable: 'TABLE', object: name, privilege: 'EXISTS' },
        ...(name === 'campaigns'
          ? []
          : ['MODIFY', 'SELECT'].map((privilege) => ({ securable: 'TABLE', object: name, privilege }))),
      ]),
    ];
    expect(
      missingPrivileges({ ...base, grants: tables }, target, staging).map((m) => `${m.privilege} ${m.detail}`),
    ).toEqual(['MODIFY on existing tables campaigns', 'SELECT on existing tables campaigns']);
    // A schema an older idgraph loaded has no lineage record yet: creating it needs CREATE TABLE.
    const noRecord = tables.filter((r) => r.object !== '_idgraph_lineage');
    expect(
      missingPrivileges({ ...base, grants: noRecord }, target, staging).map((m) => `${m.privilege} ${m.detail}`),
    ).toEqual([
      'CREATE TABLE to create _idgraph_lineage (absent or not visible to you)',
      'MODIFY on existing tables campaigns',
      'SELECT on existing tables campaigns',
    ]);
  });

  it("COPY INTO selects this drop's files with a documented PATTERN relative to the table folder and leaves event_date to Delta", () => {
    const staging = parseStaging('s3://idgraph-stage/run');
    const [sql] = copyIntoStatements(getTable('response_events'), target, staging, [
      'response_events/event_date=2025-07-03/part-000000-abc.parquet',
      'response_events/event_date=2025-07-04/part-000064-abc.parquet',
    ]);
    expect(sql).toContain("FROM 's3://idgraph-stage/run/response_events')");
    expect(sql).toContain("PATTERN = 'event_date=*/part-*-abc.parquet'");
    expect(sql).not.toContain('FILES');
    expect(sql).not.toContain('event_date`');
    expect(copyIntoStatements(getTable('households'), target, staging, [])).toEqual([]);
    // Files of two drops, or names this version never writes, are refused rather than loaded by a loose glob.
    expect(() =>
      copyIntoStatements(getTable('households'), target, staging, [
        'households/part-000000-abc.parquet',
        'households/part-000000-def.parquet',
      ]),
    ).toThrow(/2 fingerprints/);
    expect(() => copyIntoStatements(getTable('households'), target, staging, ['households/data.parquet'])).toThrow(
      UserError,
    );
  });

  it('CHECKs on nullable columns let NULL through explicitly (Delta fails a CHECK that is NULL)', () => {
    const checks = TABLES.flatMap((t) => databricksCheckConstraints(t, target));
    const duration = checks.find((c) => c.name === 'chk_content_engagements_duration_seconds')!;
    expect(duration.sql).toMatch(/CHECK \(`duration_seconds` IS NULL OR `duration_seconds` >= 0\)$/);
    // A NOT NULL column keeps the bare condition.
    const size = checks.find((c) => c.name === 'chk_households_household_size')!;
    expect(size.sql).toMatch(/CHECK \(`household_size` BETWEEN 1 AND 10\)$/);
    for (const t of TABLES)
      for (const c of t.columns.filter((col) => col.check && col.nullable))
        expect(checks.find((k) => k.name === `chk_${t.name}_${c.name}`)!.sql).toContain(`\`${c.name}\` IS NULL OR`);
  });

  it('privileges: both spellings of a privilege count; a MANAGE holder gets "could not be confirmed"', () => {
    const staging = parseStaging('s3://idgraph-stage/runs/run-42');
    const answers = (grants: Record<string, unknown>[]): PrivilegeAnswers => ({
      principal: 'ops',
      grants,
      staging: true,
    });
    expect(
      missingPrivileges(
        answers([
          { securable: 'CATALOG', object: 'main', privilege: 'USE_CATALOG' },
          { securable: 'CATALOG', object: 'main', privilege: 'CREATE_SCHEMA' },
        ]),
        target,
        staging,
      ),
    ).toEqual([]);
    expect(
      missingPrivileges(
        answers([{ securable: 'CATALOG', object: 'main', privilege: 'ALL_PRIVILEGES' }]),
        target,
        staging,
      ),
    ).toEqual([]);
    const manage = missingPrivileges(
      answers([
        { securable: 'CATALOG', object: 'main', privilege: 'USE_CATALOG' },
        { securable: 'CATALOG', object: 'main', privilege: 'MANAGE' },
      ]),
      target,
      staging,
    );
    expect(manage.map((m) => [m.privilege, m.status])).toEqual([['CREATE SCHEMA', 'unconfirmed']]);
    expect(manage[0].detail).toMatch(/absent or not visible to you/);
  });

  it('validate --engine databricks: schema by DESCRIBE, every rule on qualified tables, DuckDB-only rules skipped', async () => {
    const { executor, statements } = recordingExecutor({ describe: describeRows });
    const report = await validateOnDatabricks(executor, target, { fingerprint: 'abc123', config });
    expect(report.results.find((r) => r.id === 'viewership_patterns.top3_categories')).toMatchObject({
      ok: true,
      skipped: expect.stringMatching(/^DuckDB only/),
    });
    expect(report.results.filter((r) => r.id.endsWith('.schema')).every((r) => r.ok)).toBe(true);
    expect(report.results.length).toBeGreaterThan(150);
    expect(statements.every((s) => !s.includes('"'))).toBe(true);
  });
});
