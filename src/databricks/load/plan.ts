import type { RunConfig } from '../../config/schema.js';
import { UserError } from '../../errors.js';
import {
  databricksCheckConstraints,
  databricksCreateSchema,
  databricksCreateTable,
  databricksOptimize,
  type DatabricksLayout,
} from '../../schema/derive/ddl-databricks.js';
import { TABLES } from '../../schema/registry.js';
import { qualifiedTable, safeName, type DatabricksTarget } from '../../sql/dialect-databricks.js';
import type { Rule } from '../../validate/rule.js';
import type { Lineage } from '../../lineage/types.js';
import { copyIntoStatements } from './copy-into.js';
import { type LineageStatements, lineageStatements } from './lineage.js';
import { createStagingTable, dropStagingTable, mergeStatement, stagingTableName } from './merge.js';
import { privilegeProbes, type PrivilegeProbes } from './privileges.js';
import { dataModelQueries, ruleStatement } from './remote-rules.js';
import { parseStaging, type Staging } from './staging.js';
import { SET_UTC } from '../session.js';

export interface LoadPlanInput {
  catalog: string;
  schema: string;
  /** `s3://…` or `/Volumes/…` prefix the drop was staged to. */
  staging: string;
  layout?: DatabricksLayout;
  /** The manifest's files (paths relative to the drop root). */
  files: readonly { path: string; table: string }[];
  /** The drop's config (from its manifest): the validation queries' expectations depend on it. */
  config: RunConfig;
  /** The drop's fingerprint and place in its lineage: an increment's upsert tables are MERGEd. */
  fingerprint?: string;
  sequence?: number;
  /** The drop's lineage (from its manifest): checked against, then recorded in, the schema's lineage table. */
  lineage?: Lineage;
}

export type PlanStep =
  | { kind: 'session'; sql: string }
  | { kind: 'create-schema'; sql: string }
  | { kind: 'create-table'; table: string; sql: string }
  | { kind: 'add-check'; table: string; constraint: string; sql: string }
  | { kind: 'copy-into'; table: string; files: number; sql: string }
  | { kind: 'create-staging' | 'merge' | 'drop-staging'; table: string; sql: string }
  | { kind: 'create-lineage' | 'record-lineage'; sql: string }
  | { kind: 'add-columns'; table: string; sql: string }
  | { kind: 'optimize'; table: string; sql: string }
  | { kind: 'validate'; table: string; rule: Rule; sql: string };

export interface LoadPlan {
  target: DatabricksTarget;
  staging: Staging;
  layout: DatabricksLayout;
  /** Run first: who am I, what may I do, can I read the staging location. */
  privileges: PrivilegeProbes;
  /** For tables that already exist: their columns (compatibility) and properties (CHECKs already added). */
  inspect: { table: string; describe: string; properties: string }[];
  /** The lineage record's statements: read before any change (lineage.ts). */
  lineageSql: LineageStatements;
  /**
   * Whether the existing tables were inspected (`withSchemaEvolution`): only then are the
   * `ALTER TABLE … ADD COLUMNS` steps known. A dry run never connects, so it cannot know them.
   */
  inspected: boolean;
  steps: PlanStep[];
}

/**
 * The ordered statements of a load: UTC session, schema and tables if absent (parents first,
 * registry order, so foreign keys find their parents), CHECK constraints, the lineage table, one
 * COPY INTO per table (an increment's upserts: COPY INTO staging + MERGE + DROP), OPTIMIZE, the
 * drop's lineage row, then the data model's validation queries. Each table's data of one drop is
 * one statement, so one Delta version (COPY INTO or MERGE) per table per drop.
 */
export function buildLoadPlan(input: LoadPlanInput): LoadPlan {
  const target = { catalog: safeName('catalog', input.catalog), schema: safeName('schema', input.schema) };
  const staging = parseStaging(input.staging);
  const layout = input.layout ?? 'zorder';
  const unknown = input.files.filter((f) => !TABLES.some((t) => t.name === f.table));
  if (unknown.length)
    throw new UserError(
      `the manifest lists files of unknown tables (${[...new Set(unknown.map((f) => f.table))].join(', ')})`,
      'load a drop written by this idgraph version',
    );

  // The generated event_date column casts timestamps in the session time zone: UTC first.
  const steps: PlanStep[] = [
    { kind: 'session', sql: SET_UTC },
    { kind: 'create-schema', sql: databricksCreateSchema(target) },
  ];
  for (const t of TABLES) {
    steps.push({ kind: 'create-table', table: t.name, sql: databricksCreateTable(t, target, layout) });
    for (const c of databricksCheckConstraints(t, target))
      steps.push({ kind: 'add-check', table: t.name, constraint: c.name, sql: c.sql });
  }
  // Created before any data moves; the drop's row is written after its data (lineage.ts).
  const lineage = lineageStatements(target, input.fingerprint, input.lineage);
  steps.push({ kind: 'create-lineage', sql: lineage.create });
  for (const t of TABLES) {
    const files = input.files.filter((f) => f.table === t.name).map((f) => f.path);
    // An increment's upsert tables: COPY INTO a staging table, MERGE on the key, drop the staging table.
    const upsert = (input.sequence ?? 0) > 0 && t.writeMode === 'upsert' && files.length > 0 && input.fingerprint;
    const into = upsert ? stagingTableName(t, input.fingerprint!) : t.name;
    if (upsert) steps.push({ kind: 'create-staging', table: t.name, sql: createStagingTable(t, target, into) });
    for (const sql of copyIntoStatements(t, target, staging, files, into))
      steps.push({ kind: 'copy-into', table: t.name, files: files.length, sql });
    if (upsert) {
      steps.push({ kind: 'merge', table: t.name, sql: mergeStatement(t, target, into) });
      steps.push({ kind: 'drop-staging', table: t.name, sql: dropStagingTable(target, into) });
    }
  }
  for (const t of TABLES) steps.push({ kind: 'optimize', table: t.name, sql: databricksOptimize(t, target, layout) });
  if (lineage.record) steps.push({ kind: 'record-lineage', sql: lineage.record });
  for (const rule of dataModelQueries(input.config, target))
    steps.push({ kind: 'validate', table: rule.table, rule, sql: ruleStatement(rule) });

  const inspect = TABLES.map((t) => ({
    table: t.name,
    describe: `DESCRIBE TABLE ${qualifiedTable(target, t.name)}`,
    properties: `SHOW TBLPROPERTIES ${qualifiedTable(target, t.name)}`,
  }));
  return {
    target,
    staging,
    layout,
    privileges: privilegeProbes(target, staging),
    inspect,
    lineageSql: lineage,
    inspected: false,
    steps,
  };
}

/**
 * The plan once the existing tables are inspected: their `ALTER TABLE … ADD COLUMNS` (from
 * schema-compat.ts) run after every check and before any other change, so COPY INTO and MERGE
 * find the new columns. The load executes these steps, and `planStatements` prints them, in
 * this one order.
 */
export function withSchemaEvolution(plan: LoadPlan, alters: readonly { table: string; sql: string }[]): LoadPlan {
  const added: PlanStep[] = alters.map((a) => ({ kind: 'add-columns', table: a.table, sql: a.sql }));
  return { ...plan, inspected: true, steps: [plan.steps[0], ...added, ...plan.steps.slice(1)] };
}

/**
 * Where a plan made without inspecting the tables (a dry run) has its ALTERs: a comment, since
 * only the DESCRIBE TABLE answers say which columns a table lacks.
 */
export const SCHEMA_EVOLUTION_NOTE =
  '-- then, for each existing table lacking nullable columns of the registry (per its DESCRIBE TABLE above), before any change: ALTER TABLE <table> ADD COLUMNS (<column> <type> COMMENT <description>, …)';

/**
 * Every statement a load may issue, in order, as `--dry-run` prints it (DESCRIBE SCHEMA and SHOW
 * TABLES run only when information_schema hides something; inspection only for tables that exist;
 * the ADD COLUMNS steps once known, else SCHEMA_EVOLUTION_NOTE in their place).
 */
export function planStatements(plan: LoadPlan): string[] {
  const steps = plan.steps;
  return [
    steps[0].sql,
    plan.privileges.principal,
    plan.privileges.grants,
    plan.privileges.describeSchema,
    plan.privileges.showTables,
    plan.privileges.staging,
    ...plan.inspect.flatMap((i) => [i.describe, i.properties]),
    plan.lineageSql.read,
    ...(plan.inspected ? [] : [SCHEMA_EVOLUTION_NOTE]),
    ...steps.slice(1).map((s) => s.sql),
  ];
}
