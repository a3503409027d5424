import { checkSql } from '../schema/derive/sql-types.js';
import { UserError } from '../errors.js';
import type { Check } from '../schema/types.js';
import type { SqlDialect } from './dialect.js';

/**
 * Names we accept for a catalog or schema: a non-delimited identifier in Databricks terms
 * (ASCII letter or underscore, then letters, digits, underscores). Anything else is refused
 * before it reaches SQL, and accepted names are still backtick-quoted.
 */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

export function safeName(kind: 'catalog' | 'schema', name: string): string {
  if (!SAFE_NAME.test(name)) {
    throw new UserError(
      `invalid --${kind} ${JSON.stringify(name)}: use letters, digits and underscores only, starting with a letter or underscore`,
      `pick a plain ${kind} name such as main or synthetic_data`,
    );
  }
  return name;
}

/** Delimited identifier: backticks, a backtick inside doubled (Databricks "Identifiers"). */
export const sparkIdent = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/**
 * A Databricks STRING literal. Spark SQL escapes with a backslash and reads `'a''b'` as two
 * adjacent literals ('ab'), so the ANSI doubling would silently drop the quote: escape `\` and `'`.
 */
export const sparkLiteral = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export interface DatabricksTarget {
  catalog: string;
  schema: string;
}

/** `catalog`.`schema`.`table`, after validating the two names. */
export function qualifiedTable(target: DatabricksTarget, table: string): string {
  return `${sparkIdent(safeName('catalog', target.catalog))}.${sparkIdent(safeName('schema', target.schema))}.${sparkIdent(table)}`;
}

export const sparkCheck = (column: string, check: Check): string => checkSql(column, check, sparkIdent, sparkLiteral);

/** Databricks SQL (Spark functions), tables qualified with the target catalog and schema. */
export function databricksDialect(target: DatabricksTarget): SqlDialect {
  const prefix = `${sparkIdent(safeName('catalog', target.catalog))}.${sparkIdent(safeName('schema', target.schema))}`;
  return {
    name: 'databricks',
    ident: sparkIdent,
    qualify: (table) => `${prefix}.${table}`,
    literal: sparkLiteral,
    list: (values) => `array(${values.map(sparkLiteral).join(', ')})`,
    emptyStringList: 'CAST(array() AS ARRAY<STRING>)',
    stringType: 'STRING',
    check: sparkCheck,
    notIn: (value, values) => `${value} NOT IN (${values.map(sparkLiteral).join(', ')})`,
    len: (list) => `size(${list})`,
    contains: (list, value) => `array_contains(${list}, ${value})`,
    filter: (list, lambda) => `filter(${list}, ${lambda})`,
    listSum: (list) => `aggregate(${list}, CAST(0 AS DOUBLE), (acc, x) -> acc + x)`,
    listMin: (list) => `array_min(${list})`,
    listMax: (list) => `array_max(${list})`,
    prepend: (value, list) => `concat(array(${value}), ${list})`,
    hasAny: (a, b) => `arrays_overlap(${a}, ${b})`,
    epochMicros: (ts) => `unix_micros(${ts})`,
    timestampFromMicros: (micros) => `timestamp_micros(${micros})`,
    // DATE - DATE is an INTERVAL in Databricks, not a number of days.
    daysBetween: (start, end) => `datediff(${end}, ${start})`,
    aggFilter: (aggregate, condition) => `${aggregate} FILTER (WHERE ${condition})`,
    // Spark's dayofweek: 1 = Sunday … 7 = Saturday (DuckDB: 0 … 6).
    weekendDays: '(1, 7)',
    // concat_ws takes strings; cast rather than rely on implicit casts under ANSI mode.
    concatIds: (parts) => `concat_ws('/', ${parts.map((p) => `CAST(${p} AS STRING)`).join(', ')})`,
    localHour: (ts, zone) => `hour(from_utc_timestamp(${ts}, ${zone}))`,
    // The session time zone is UTC (src/databricks), so TIMESTAMP fields are UTC fields.
    utcHour: (ts) => `hour(${ts})`,
    utcDayOfWeek: (ts) => `dayofweek(${ts})`,
    hourStart: (ts) => `date_trunc('HOUR', ${ts})`,
    // Spark has no MATERIALIZED hint; it reuses the identical exchange when it can.
    materializedCte: (name, query) => `WITH ${name} AS (${query})`,
    // Another hash than DuckDB's, so another subset of people: the estimate, not the rows, is what agrees.
    inSubset: (id, k) => `pmod(xxhash64(${id}), ${k}) = 0`,
  };
}
