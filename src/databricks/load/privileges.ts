import { TABLES } from '../../schema/registry.js';
import { type DatabricksTarget, safeName, sparkIdent as q, sparkLiteral } from '../../sql/dialect-databricks.js';
import { LINEAGE_TABLE } from './lineage.js';
import type { Staging } from './staging.js';

/**
 * Privilege checks, run before any work. Effective privileges come from the catalog's
 * information_schema (grants to the user or to any group they belong to, and ownership),
 * so nothing is created to find out; READ on the staging location is tried with LIST.
 *
 * information_schema only shows what the caller may see ("The rows returned are limited to the
 * schemas the user is privileged to interact with", and a MANAGE holder sees only its own grants:
 * https://docs.databricks.com/sql/language-manual/information-schema/schema_privileges.html), so
 * an object missing there is confirmed with DESCRIBE SCHEMA / SHOW TABLES IN before a CREATE is
 * asked for, and a privilege the views cannot prove is reported as "could not be confirmed".
 */
export interface PrivilegeProbes {
  principal: string;
  grants: string;
  /** Run only when information_schema does not show the schema. */
  describeSchema: string;
  /** Run only when information_schema does not show every table. */
  showTables: string;
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
  /** DESCRIBE SCHEMA, when information_schema did not show the schema: it worked, or its error. */
  schema?: true | Error;
  /** SHOW TABLES IN the schema, when information_schema did not show every table: its rows or its error. */
  tables?: readonly Record<string, unknown>[] | Error;
  /** Whether LIST on the staging location worked (or its error). */
  staging: true | Error;
}

export interface MissingPrivilege {
  privilege: string;
  on: string;
  /** The statement an owner or admin runs to fix it. */
  grant: string;
  /** missing: the views show the caller without it; unconfirmed: the views cannot tell. */
  status: 'missing' | 'unconfirmed';
  detail?: string;
}

/** How Unity Catalog and cloud storage say "not allowed". */
export const PERMISSION_ERROR =
  /PERMISSION_DENIED|INSUFFICIENT_PERMISSIONS|does not have|not authori[sz]ed|AccessDenied|Forbidden|\b403\b/i;

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
    describeSchema: `DESCRIBE SCHEMA ${q(cat)}.${q(sch)}`,
    showTables: `SHOW TABLES IN ${q(cat)}.${q(sch)}`,
    staging: `LIST ${sparkLiteral(staging.url)} LIMIT 1`,
  };
}

/**
 * GRANT spells privileges with spaces (`USE CATALOG`); information_schema on some warehouses
 * answers with underscores (`USE_CATALOG`). Both compare equal.
 */
export const normalisePrivilege = (privilege: string): string =>
  privilege
    .trim()
    .toUpperCase()
    .replace(/[_\s]+/g, ' ');

export const grantRows = (rows: readonly Record<string, unknown>[]): GrantRow[] =>
  rows.map((r) => ({
    securable: String(r.securable).toUpperCase() as GrantRow['securable'],
    object: String(r.object),
    privilege: normalisePrivilege(String(r.privilege)),
  }));

/** Whether information_schema shows the target schema. */
export const schemaVisible = (grants: PrivilegeAnswers['grants']): boolean =>
  !(grants instanceof Error) && grantRows(grants).some((r) => r.securable === 'SCHEMA' && r.privilege === 'EXISTS');

/** Tables of the registry that already exist: shown by information_schema, or by SHOW TABLES IN when it hid them. */
export function existingTables(answers: Pick<PrivilegeAnswers, 'grants' | 'tables'>): Set<string> {
  const found = shownTables(answers);
  return new Set(TABLES.map((t) => t.name).filter((name) => found.has(name)));
}

/** Every table of the schema the answers show. */
function shownTables(answers: Pick<PrivilegeAnswers, 'grants' | 'tables'>): Set<string> {
  const found = new Set<string>();
  if (!(answers.grants instanceof Error))
    for (const r of grantRows(answers.grants))
      if (r.securable === 'TABLE' && r.privilege === 'EXISTS') found.add(r.object);
  if (answers.tables && !(answers.tables instanceof Error))
    for (const r of answers.tables) found.add(String(r.tableName ?? r.table_name ?? ''));
  return found;
}

/** The server's words, without the client's generic prefix. */
const firstLine = (err: Error): string => err.message.split('\n')[0].replace(/^\[databricks\] statement failed: /, '');

/**
 * Names what is missing, each with the GRANT that fixes it. A privilege counts when granted on
 * the object or inherited from its catalog/schema, through ALL PRIVILEGES, or as owner. What the
 * views cannot prove (unreadable view, MANAGE holder, object hidden from information_schema) is
 * 'unconfirmed' rather than 'missing'.
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
  const need = (privilege: string, on: string, status: MissingPrivilege['status'], detail?: string) =>
    missing.push({
      privilege,
      on,
      grant: `GRANT ${privilege} ON ${on} TO ${who}`,
      status,
      ...(detail ? { detail } : {}),
    });

  if (answers.grants instanceof Error) {
    // Without USE CATALOG the catalog's information_schema cannot be read at all; any other
    // failure says nothing about the grants.
    const refused = PERMISSION_ERROR.test(answers.grants.message);
    need(
      'USE CATALOG',
      `CATALOG ${catalog}`,
      refused ? 'missing' : 'unconfirmed',
      `could not read ${target.catalog}.information_schema: ${firstLine(answers.grants)}${refused ? '' : '; the privileges on the schema and its tables could not be confirmed either'}`,
    );
  } else {
    const rows = grantRows(answers.grants);
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
    // information_schema shows a MANAGE holder only its own grants: absence proves nothing then.
    const manage = rows.some((r) => r.privilege === 'MANAGE' && r.securable !== 'TABLE');
    const status: MissingPrivilege['status'] = manage ? 'unconfirmed' : 'missing';
    const why = manage ? 'you hold MANAGE, and information_schema may not show all your grants' : undefined;
    const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('; ') || undefined;

    if (!onCatalog('USE CATALOG')) need('USE CATALOG', `CATALOG ${catalog}`, status, why);
    const shown = schemaVisible(answers.grants);
    const exists = shown || answers.schema === true;
    if (!exists) {
      // Whoever creates the schema owns it, which covers everything below.
      if (!onCatalog('CREATE SCHEMA'))
        need(
          'CREATE SCHEMA',
          `CATALOG ${catalog}`,
          status,
          join(`schema ${target.catalog}.${target.schema} is absent or not visible to you`, why),
        );
    } else {
      // A schema DESCRIBE SCHEMA sees but information_schema hides: the views cannot speak for it.
      const schemaStatus = shown ? status : 'unconfirmed';
      const hidden = shown ? why : `information_schema does not show ${target.catalog}.${target.schema} to you`;
      if (!onSchema('USE SCHEMA')) need('USE SCHEMA', `SCHEMA ${schema}`, schemaStatus, hidden);
      // The registry's tables and the lineage record (lineage.ts), which a load also creates and writes.
      const shownNames = shownTables(answers);
      const names = [...TABLES.map((t) => t.name), LINEAGE_TABLE];
      const absent = names.filter((name) => !shownNames.has(name));
      if (absent.length && !onSchema('CREATE TABLE'))
        need(
          'CREATE TABLE',
          `SCHEMA ${schema}`,
          schemaStatus,
          join(`to create ${absent.join(', ')} (absent or not visible to you)`, hidden),
        );
      for (const privilege of ['MODIFY', 'SELECT']) {
        const lacking = names.filter((name) => shownNames.has(name) && !onTable(name, privilege));
        if (lacking.length)
          need(privilege, `SCHEMA ${schema}`, schemaStatus, join(`on existing tables ${lacking.join(', ')}`, hidden));
      }
    }
  }
  if (answers.staging !== true) {
    const detail = `LIST ${staging.url} failed: ${firstLine(answers.staging)}`;
    if (staging.volume)
      need(
        'READ VOLUME',
        `VOLUME ${q(staging.volume.catalog)}.${q(staging.volume.schema)}.${q(staging.volume.name)}`,
        'missing',
        detail,
      );
    else
      need(
        'READ FILES',
        `EXTERNAL LOCATION \`<the external location that covers ${staging.url}>\``,
        'missing',
        `${detail} (SHOW EXTERNAL LOCATIONS lists their names and URLs)`,
      );
  }
  return missing;
}
