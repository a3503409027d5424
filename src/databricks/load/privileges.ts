import { TABLES } from '../../schema/registry.js';
import { type DatabricksTarget, safeName, sparkIdent as q, sparkLiteral } from '../../sql/dialect-databricks.js';
import type { Staging } from './staging.js';

/**
 * Privilege checks, run before any work. Effective privileges come from the catalog's
 * information_schema (grants to the user or to any group they belong to, and ownership),
 * so nothing is created to find out; READ on the staging location is tried with LIST.
 */
export interface PrivilegeProbes {
  principal: string;
  grants: string;
  staging: string;
}

/** One row of the grants probe: a privilege (or OWNER / EXISTS) the caller holds on an object. */
export interface GrantRow {
  securable: 'CATALOG' | 'SCHEMA' | 'TABLE';
  object: string;
  privilege: string;
}

export interface PrivilegeAnswers {
  principal: string;
  /** Rows of the grants probe, or the error it failed with. */
  grants: readonly Record<string, unknown>[] | Error;
  /** Whether LIST on the staging location worked (or its error). */
  staging: true | Error;
}

export interface MissingPrivilege {
  privilege: string;
  on: string;
  /** The statement an owner or admin runs to fix it. */
  grant: string;
  detail?: string;
}

export function privilegeProbes(target: DatabricksTarget, staging: Staging): PrivilegeProbes {
  const cat = safeName('catalog', target.catalog);
  const sch = safeName('schema', target.schema);
  const is = `${q(cat)}.information_schema`;
  const mine = (col: string) => `(${col} = current_user() OR is_account_group_member(${col}))`;
  const c = `catalog_name = ${sparkLiteral(cat)}`;
  const s = `${c} AND schema_name = ${sparkLiteral(sch)}`;
  const t = `table_catalog = ${sparkLiteral(cat)} AND table_schema = ${sparkLiteral(sch)}`;
  const grants = [
    `SELECT 'CATALOG' AS securable, catalog_name AS object, privilege_type AS privilege FROM ${is}.catalog_privileges WHERE ${c} AND ${mine('grantee')}`,
    `SELECT 'CATALOG', catalog_name, 'OWNER' FROM ${is}.catalogs WHERE ${c} AND ${mine('catalog_owner')}`,
    `SELECT 'SCHEMA', schema_name, privilege_type FROM ${is}.schema_privileges WHERE ${s} AND ${mine('grantee')}`,
    `SELECT 'SCHEMA', schema_name, 'EXISTS' FROM ${is}.schemata WHERE ${s}`,
    `SELECT 'SCHEMA', schema_name, 'OWNER' FROM ${is}.schemata WHERE ${s} AND ${mine('schema_owner')}`,
    `SELECT 'TABLE', table_name, privilege_type FROM ${is}.table_privileges WHERE ${t} AND ${mine('grantee')}`,
    `SELECT 'TABLE', table_name, 'EXISTS' FROM ${is}.tables WHERE ${t}`,
    `SELECT 'TABLE', table_name, 'OWNER' FROM ${is}.tables WHERE ${t} AND ${mine('table_owner')}`,
  ].join('\nUNION ALL ');
  return {
    principal: 'SELECT current_user() AS principal',
    grants,
    staging: `LIST ${sparkLiteral(staging.url)} LIMIT 1`,
  };
}

const rowsOf = (rows: readonly Record<string, unknown>[]): GrantRow[] =>
  rows.map((r) => ({
    securable: String(r.securable).toUpperCase() as GrantRow['securable'],
    object: String(r.object),
    privilege: String(r.privilege).toUpperCase(),
  }));

/** Tables of the registry that already exist in the target schema, according to the grants probe. */
export function existingTables(answers: PrivilegeAnswers): Set<string> {
  if (answers.grants instanceof Error) return new Set();
  return new Set(
    rowsOf(answers.grants)
      .filter((r) => r.securable === 'TABLE' && r.privilege === 'EXISTS')
      .map((r) => r.object),
  );
}

/**
 * Names exactly what is missing, each with the GRANT that fixes it. A privilege counts when
 * granted on the object or inherited from its catalog/schema, through ALL PRIVILEGES, or as owner.
 */
export function missingPrivileges(
  answers: PrivilegeAnswers,
  target: DatabricksTarget,
  staging: Staging,
): MissingPrivilege[] {
  const who = q(answers.principal);
  const catalog = q(target.catalog);
  const schema = `${catalog}.${q(target.schema)}`;
  const missing: MissingPrivilege[] = [];
  const need = (privilege: string, on: string, detail?: string) =>
    missing.push({ privilege, on, grant: `GRANT ${privilege} ON ${on} TO ${who}`, ...(detail ? { detail } : {}) });

  if (answers.grants instanceof Error) {
    // Without USE CATALOG the catalog's information_schema cannot be read at all.
    need(
      'USE CATALOG',
      `CATALOG ${catalog}`,
      `could not read ${target.catalog}.information_schema: ${answers.grants.message.split('\n')[0]}`,
    );
  } else {
    const rows = rowsOf(answers.grants);
    const holds = (securable: GrantRow['securable'], object: string | undefined, privilege: string) =>
      rows.some(
        (r) =>
          r.securable === securable &&
          (object === undefined || r.object === object) &&
          [privilege, 'ALL PRIVILEGES', 'OWNER'].includes(r.privilege),
      );
    const onCatalog = (p: string) => holds('CATALOG', undefined, p);
    const onSchema = (p: string) => onCatalog(p) || holds('SCHEMA', target.schema, p);
    const onTable = (table: string, p: string) => onSchema(p) || holds('TABLE', table, p);
    if (!onCatalog('USE CATALOG')) need('USE CATALOG', `CATALOG ${catalog}`);
    const schemaExists = rows.some((r) => r.securable === 'SCHEMA' && r.privilege === 'EXISTS');
    if (!schemaExists) {
      // Whoever creates the schema owns it, which covers everything below.
      if (!onCatalog('CREATE SCHEMA'))
        need('CREATE SCHEMA', `CATALOG ${catalog}`, `schema ${target.catalog}.${target.schema} does not exist yet`);
    } else {
      if (!onSchema('USE SCHEMA')) need('USE SCHEMA', `SCHEMA ${schema}`);
      const existing = existingTables(answers);
      const absent = TABLES.filter((t) => !existing.has(t.name));
      if (absent.length && !onSchema('CREATE TABLE'))
        need('CREATE TABLE', `SCHEMA ${schema}`, `to create ${absent.map((t) => t.name).join(', ')}`);
      for (const privilege of ['MODIFY', 'SELECT']) {
        const lacking = TABLES.filter((t) => existing.has(t.name) && !onTable(t.name, privilege)).map((t) => t.name);
        if (lacking.length) need(privilege, `SCHEMA ${schema}`, `on existing tables ${lacking.join(', ')}`);
      }
    }
  }
  if (answers.staging !== true) {
    const detail = `LIST ${staging.url} failed: ${answers.staging.message.split('\n')[0]}`;
    if (staging.volume)
      need(
        'READ VOLUME',
        `VOLUME ${q(staging.volume.catalog)}.${q(staging.volume.schema)}.${q(staging.volume.name)}`,
        detail,
      );
    else
      need(
        'READ FILES',
        `EXTERNAL LOCATION \`<the external location that covers ${staging.url}>\``,
        `${detail} (SHOW EXTERNAL LOCATIONS lists their names and URLs)`,
      );
  }
  return missing;
}
