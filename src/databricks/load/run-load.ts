import { UserError } from '../../errors.js';
import { DatabricksError } from '../client-errors.js';
import type { DatabricksLayout } from '../../schema/derive/ddl-databricks.js';
import { getTable, TABLES } from '../../schema/registry.js';
import type { RuleResult } from '../../validate/rule.js';
import { parseCopyResult } from './copy-result.js';
import type { Executor } from './executor.js';
import { buildLoadPlan, type LoadPlan, type LoadPlanInput, planStatements, withSchemaEvolution } from './plan.js';
import {
  existingTables,
  type MissingPrivilege,
  missingPrivileges,
  PERMISSION_ERROR,
  type PrivilegeAnswers,
  schemaVisible,
} from './privileges.js';
import { runRuleRemote } from './remote-rules.js';
import { schemaEvolution } from './schema-compat.js';
import { databricksLineageRefusal, LINEAGE_TABLE, loadedDrops, NO_LINEAGE_YET } from './lineage.js';
import { qualifiedTable } from '../../sql/dialect-databricks.js';

export interface LoadProgress {
  stage: 'check' | 'create' | 'copy' | 'optimize' | 'validate';
  table?: string;
  /** Rows inserted (copy) once a table is done. */
  rows?: number;
}

export interface DatabricksLoadOptions extends LoadPlanInput {
  /** Build and return the SQL plan; execute nothing, connect to nothing. */
  dryRun?: boolean;
  onProgress?: (progress: LoadProgress) => void;
}

export interface TableSummary {
  /** The table did not exist before this load. */
  created: boolean;
  files: number;
  inserted: number;
  skippedCorruptFiles: number;
  checksAdded: number;
  optimized: boolean;
}

export interface LoadSummary {
  engine: 'databricks';
  dryRun: boolean;
  target: string;
  staging: string;
  layout: DatabricksLayout;
  tables: Record<string, TableSummary>;
  validation: RuleResult[];
  /** What the pre-check could not confirm (privileges information_schema cannot prove), printed as warnings. */
  notices: string[];
  /** Dry run: every statement the load would issue, in order. */
  statements?: string[];
}

const findingLine = (m: MissingPrivilege): string =>
  `${m.privilege} on ${m.on}${m.detail ? ` (${m.detail})` : ''}: ${m.grant}`;

/** Missing grants, each named with its fix; nothing has been changed when this is thrown. */
export class MissingPrivilegesError extends UserError {
  constructor(readonly missing: MissingPrivilege[]) {
    const lacking = missing.filter((m) => m.status === 'missing');
    const unsure = missing.filter((m) => m.status === 'unconfirmed');
    super(
      [
        `missing Databricks privileges:\n${lacking.map((m) => `  - ${findingLine(m)}`).join('\n')}`,
        ...(unsure.length ? [`could not be confirmed:\n${unsure.map((m) => `  - ${findingLine(m)}`).join('\n')}`] : []),
      ].join('\n'),
      'ask the owner or an admin to run the GRANT statements above, then rerun',
    );
    this.name = 'MissingPrivilegesError';
  }
}

/** Existing tables whose columns differ from the registry: reported, never dropped. */
export class IncompatibleSchemaError extends UserError {
  constructor(
    readonly tables: Record<string, string[]>,
    target: string,
  ) {
    super(
      `tables in ${target} have an incompatible schema: ${Object.entries(tables)
        .map(([t, p]) => `${t} (${p.join('; ')})`)
        .join(', ')}`,
      'load into another --schema, or drop or rename those tables yourself; idgraph never drops tables',
    );
    this.name = 'IncompatibleSchemaError';
  }
}

/** Runs one statement; an engine error becomes one message naming the step (client errors pass through). */
async function run(executor: Executor, sql: string, step: string): Promise<Record<string, unknown>[]> {
  try {
    return await executor.execute(sql);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `${step} failed: ${(err as Error).message.split('\n')[0]}`,
      'fix the cause and rerun: tables are created only if absent and COPY INTO skips files already loaded',
      { cause: err },
    );
  }
}

/**
 * A probe's failure is an answer (a missing or unconfirmed privilege, an absent object): a
 * statement the warehouse ran and rejected. Connection, authentication and TLS failures (the
 * client's other UserErrors) abort the run.
 */
async function probe(executor: Executor, sql: string): Promise<Record<string, unknown>[] | Error> {
  try {
    return await executor.execute(sql);
  } catch (err) {
    if (err instanceof DatabricksError && err.kind === 'statement') return err;
    if (err instanceof UserError) throw err;
    return err as Error;
  }
}

function emptySummary(plan: LoadPlan, options: DatabricksLoadOptions, dryRun: boolean): LoadSummary {
  const tables: Record<string, TableSummary> = {};
  for (const t of TABLES)
    tables[t.name] = {
      created: false,
      files: options.files.filter((f) => f.table === t.name).length,
      inserted: 0,
      skippedCorruptFiles: 0,
      checksAdded: 0,
      optimized: false,
    };
  return {
    engine: 'databricks',
    dryRun,
    target: `${plan.target.catalog}.${plan.target.schema}`,
    staging: plan.staging.url,
    layout: plan.layout,
    tables,
    validation: [],
    notices: [],
  };
}

/**
 * The pre-check. A statement error here is an answer (a missing or unconfirmed privilege), never
 * an abort; only connection, authentication and TLS failures (UserErrors from the client) stop
 * the run. Missing privileges stop it before any change; unconfirmed ones become notices.
 */
async function checkPrivileges(executor: Executor, plan: LoadPlan, summary: LoadSummary): Promise<PrivilegeAnswers> {
  const [row] = await run(executor, plan.privileges.principal, 'reading the current user');
  const grants = await probe(executor, plan.privileges.grants);
  const answers: PrivilegeAnswers = { principal: String(row?.principal ?? ''), grants, staging: true };
  if (!(grants instanceof Error)) {
    // Invisible is not absent: confirm before asking for CREATE.
    if (!schemaVisible(grants)) {
      const describe = await probe(executor, plan.privileges.describeSchema);
      answers.schema = describe instanceof Error ? describe : true;
    }
    if ((schemaVisible(grants) || answers.schema === true) && existingTables(answers).size < TABLES.length)
      answers.tables = await probe(executor, plan.privileges.showTables);
  }
  const list = await probe(executor, plan.privileges.staging);
  // Only a refusal means a missing READ; a wrong or empty path is a different fix.
  if (list instanceof Error && !PERMISSION_ERROR.test(list.message)) {
    throw new UserError(
      `cannot list the staging location ${plan.staging.url}: ${list.message.split('\n')[0]}`,
      'check the path, and that the drop (with its _manifest.json) was uploaded there',
      { cause: list },
    );
  }
  answers.staging = list instanceof Error ? list : true;
  const findings = missingPrivileges(answers, plan.target, plan.staging);
  if (findings.some((f) => f.status === 'missing')) throw new MissingPrivilegesError(findings);
  for (const f of findings) summary.notices.push(`could not be confirmed: ${findingLine(f)}`);
  return answers;
}

/**
 * Existing tables: refuse incompatible ones before any change; plan ADD COLUMNS for the ones that
 * only lack new nullable columns; collect the CHECK constraints they already have.
 */
async function inspectExisting(
  executor: Executor,
  plan: LoadPlan,
  existing: Set<string>,
): Promise<{ constraints: Set<string>; alters: { table: string; sql: string }[] }> {
  const incompatible: Record<string, string[]> = {};
  const constraints = new Set<string>();
  const alters: { table: string; sql: string }[] = [];
  for (const i of plan.inspect.filter((x) => existing.has(x.table))) {
    const rows = await run(executor, i.describe, `DESCRIBE TABLE ${i.table}`);
    const { problems, alter } = schemaEvolution(getTable(i.table), rows, qualifiedTable(plan.target, i.table));
    if (problems.length) incompatible[i.table] = problems;
    if (alter) alters.push({ table: i.table, sql: alter });
    for (const p of await run(executor, i.properties, `SHOW TBLPROPERTIES ${i.table}`)) {
      const key = String(p.key ?? '');
      if (key.startsWith('delta.constraints.'))
        constraints.add(`${i.table}.${key.slice('delta.constraints.'.length).toLowerCase()}`);
    }
  }
  if (Object.keys(incompatible).length)
    throw new IncompatibleSchemaError(incompatible, `${plan.target.catalog}.${plan.target.schema}`);
  return { constraints, alters };
}

/**
 * Refuses, before any change, a drop that does not extend what the schema's lineage record holds
 * (out of order, parent not loaded, another lineage). No record yet (first load, or a schema
 * loaded before lineages) reads as empty.
 */
async function checkLineage(executor: Executor, plan: LoadPlan, options: DatabricksLoadOptions): Promise<void> {
  // Read even for a drop without a lineage, so the plan --dry-run prints is what runs.
  const rows = await probe(executor, plan.lineageSql.read);
  if (rows instanceof Error && !NO_LINEAGE_YET.test(rows.message))
    throw new UserError(
      `cannot read the lineage record ${plan.target.catalog}.${plan.target.schema}.${LINEAGE_TABLE}: ${rows.message.split('\n')[0]}`,
      `grant SELECT on it (or on the schema), then rerun; nothing was loaded`,
      { cause: rows },
    );
  const loaded = rows instanceof Error ? [] : loadedDrops(rows);
  if (!options.fingerprint) return;
  const refusal = databricksLineageRefusal(plan.target, options.fingerprint, options.lineage, loaded);
  if (refusal) throw refusal;
}

/**
 * Loads a staged drop into Unity Catalog. With no executor, or `dryRun`, returns the full SQL
 * plan and touches nothing. A rerun is safe: schema and tables are created only if absent,
 * CHECKs only if missing, and COPY INTO skips files it already loaded (so it inserts 0 rows).
 */
export async function loadIntoDatabricks(
  options: DatabricksLoadOptions,
  executor: Executor | null,
): Promise<LoadSummary> {
  const plan = buildLoadPlan(options);
  if (options.dryRun || executor === null)
    return { ...emptySummary(plan, options, true), statements: planStatements(plan) };

  const summary = emptySummary(plan, options, false);
  const progress = options.onProgress ?? (() => {});
  await run(executor, plan.steps[0].sql, 'setting the session time zone to UTC');
  progress({ stage: 'check' });
  const existing = existingTables(await checkPrivileges(executor, plan, summary));
  const { constraints, alters } = await inspectExisting(executor, plan, existing);
  await checkLineage(executor, plan, options);
  // Nothing has changed up to here. The plan with its ADD COLUMNS steps is what runs.
  const steps = withSchemaEvolution(plan, alters).steps;

  for (const step of steps) {
    switch (step.kind) {
      case 'session':
        break; // ran first, before the privilege checks
      case 'add-columns':
        // New nullable columns first, so COPY INTO and MERGE find them.
        await run(executor, step.sql, `ALTER TABLE ${step.table} ADD COLUMNS`);
        summary.notices.push(`added new nullable columns to ${step.table}: ${step.sql}`);
        break;
      case 'create-schema':
        await run(executor, step.sql, 'CREATE SCHEMA');
        break;
      case 'create-table':
        progress({ stage: 'create', table: step.table });
        await run(executor, step.sql, `CREATE TABLE ${step.table}`);
        summary.tables[step.table].created = !existing.has(step.table);
        break;
      case 'add-check':
        // ADD CONSTRAINT has no IF NOT EXISTS: skip the ones a previous load added.
        if (constraints.has(`${step.table}.${step.constraint}`)) break;
        await run(executor, step.sql, `ADD CONSTRAINT ${step.constraint}`);
        summary.tables[step.table].checksAdded += 1;
        break;
      case 'copy-into': {
        const result = parseCopyResult(await run(executor, step.sql, `COPY INTO ${step.table}`));
        const t = summary.tables[step.table];
        t.inserted += result.inserted;
        t.skippedCorruptFiles += result.skippedCorruptFiles;
        // Report a table once its last statement is done.
        const last = steps.filter((s) => s.kind === 'copy-into' && s.table === step.table).at(-1);
        if (last === step) progress({ stage: 'copy', table: step.table, rows: t.inserted });
        break;
      }
      case 'create-staging':
      case 'merge':
      case 'drop-staging':
        await run(executor, step.sql, `${step.kind} ${step.table}`);
        break;
      case 'create-lineage':
      case 'record-lineage':
        await run(executor, step.sql, `${step.kind} ${LINEAGE_TABLE}`);
        break;
      case 'optimize':
        await run(executor, step.sql, `OPTIMIZE ${step.table}`);
        summary.tables[step.table].optimized = true;
        progress({ stage: 'optimize', table: step.table });
        break;
      case 'validate':
        summary.validation.push(await runRuleRemote(executor, step.rule));
        progress({ stage: 'validate', table: step.table });
        break;
    }
  }
  return summary;
}
