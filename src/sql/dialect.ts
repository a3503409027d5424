import { checkSql, quoteIdent, quoteLiteral } from '../schema/derive/sql-types.js';
import type { Check } from '../schema/types.js';

export const DIALECT_NAMES = ['duckdb', 'databricks'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

/**
 * What differs between the engines the validation SQL runs on. Rules are written once against
 * these hooks and each dialect is a small object (kysely style), so an engine difference is one
 * override here rather than a branch in every rule. Arguments are SQL fragments, already rendered.
 */
export interface SqlDialect {
  readonly name: DialectName;
  ident(name: string): string;
  /** A table reference: the rendered identifier, prefixed with the target namespace where the engine needs one. */
  qualify(table: string): string;
  literal(value: string): string;
  /** A literal list of strings. */
  list(values: readonly string[]): string;
  /** An empty ARRAY<STRING>, typed so COALESCE can widen to it. */
  readonly emptyStringList: string;
  /** The type name for CAST(… AS <string>). */
  readonly stringType: string;
  /** A registry CHECK as a boolean expression. */
  check(column: string, check: Check): string;
  /** `value` is not one of the string `values` (NULL when `value` is NULL, as NOT IN). */
  notIn(value: string, values: readonly string[]): string;
  len(list: string): string;
  contains(list: string, value: string): string;
  /** Keeps the elements for which `lambda` (`x -> expr`) holds. */
  filter(list: string, lambda: string): string;
  listSum(list: string): string;
  listMin(list: string): string;
  listMax(list: string): string;
  prepend(value: string, list: string): string;
  hasAny(a: string, b: string): string;
  epochMicros(ts: string): string;
  timestampFromMicros(micros: number): string;
  /** Whole days from `start` to `end` (both DATE). */
  daysBetween(start: string, end: string): string;
  /** An aggregate restricted to the rows where `condition` holds. */
  aggFilter(aggregate: string, condition: string): string;
  /** Saturday and Sunday as `dayofweek()` numbers them, as a parenthesised list. */
  readonly weekendDays: string;
  /** Ids joined with '/', for example ids of multi-column keys. */
  concatIds(parts: readonly string[]): string;
  /** Hour 0..23 of a UTC instant in the IANA time zone `zone` (a SQL string expression), DST included. */
  localHour(ts: string, zone: string): string;
  /** Hour 0..23 of a UTC instant, in UTC. */
  utcHour(ts: string): string;
  /** Day of week of a UTC instant, in UTC, numbered as `weekendDays` numbers them. */
  utcDayOfWeek(ts: string): string;
  /** The instant at the start of the UTC hour holding `ts` (same type as `ts`). */
  hourStart(ts: string): string;
  /** `WITH name AS (query)`, computed once where the engine lets a query say so: for a CTE read twice. */
  materializedCte(name: string, query: string): string;
  /**
   * True for about 1 in `k` values of the BIGINT `id`, the same ones on every run (a hash of the
   * value, no state): the subset of people distribution rules are estimated on (src/validate/subset.ts).
   */
  inSubset(id: string, k: number): string;
}

const duckList = (values: readonly string[]) => `[${values.map(quoteLiteral).join(', ')}]`;

/** DuckDB: the spelling the rules were first written in (the DuckDB output must not change). */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  ident: quoteIdent,
  // Tables live in the database's default schema.
  qualify: (table) => table,
  literal: quoteLiteral,
  list: duckList,
  emptyStringList: '[]',
  stringType: 'VARCHAR',
  // An IN list as list_contains: DuckDB evaluates it once per dictionary entry of a compressed
  // string column instead of once per row (a 28M-row domain check: 0.63 s CPU → 0.05 s), and
  // with the same NULL semantics (NULL in, NULL out).
  check: (column, check) =>
    check.kind === 'in' ? `list_contains(${duckList(check.values)}, ${quoteIdent(column)})` : checkSql(column, check),
  notIn: (value, values) => `NOT list_contains(${duckList(values)}, ${value})`,
  len: (list) => `len(${list})`,
  contains: (list, value) => `list_contains(${list}, ${value})`,
  filter: (list, lambda) => `list_filter(${list}, ${lambda})`,
  listSum: (list) => `list_sum(${list})`,
  listMin: (list) => `list_min(${list})`,
  listMax: (list) => `list_max(${list})`,
  prepend: (value, list) => `list_prepend(${value}, ${list})`,
  hasAny: (a, b) => `list_has_any(${a}, ${b})`,
  epochMicros: (ts) => `epoch_us(${ts})`,
  timestampFromMicros: (micros) => `make_timestamptz(${micros}::BIGINT)`,
  daysBetween: (start, end) => `${end} - ${start}`,
  aggFilter: (aggregate, condition) => `${aggregate} FILTER (${condition})`,
  weekendDays: '(0, 6)',
  concatIds: (parts) => `concat_ws('/', ${parts.join(', ')})`,
  localHour: (ts, zone) => `hour(timezone(${zone}, ${ts}))`,
  // Fields of a TIMESTAMPTZ go through ICU's calendar (and a lock): hour() over 4M rows took 2 s
  // against 0.1 s on the plain TIMESTAMP with the same UTC wall clock (epoch micros, no zone).
  utcHour: (ts) => `hour(make_timestamp(epoch_us(${ts})))`,
  utcDayOfWeek: (ts) => `dayofweek(make_timestamp(epoch_us(${ts})))`,
  // Floor division of epoch micros (truncating `//` corrected for instants before 1970): a third
  // less CPU than date_trunc on the zone-less timestamp (0.56 s against 0.76 s over 28M rows).
  hourStart: (ts) =>
    `make_timestamptz((epoch_us(${ts}) - CASE WHEN epoch_us(${ts}) < 0 THEN 3599999999 ELSE 0 END) // 3600000000 * 3600000000)`,
  materializedCte: (name, query) => `WITH ${name} AS MATERIALIZED (${query})`,
  // hash() is DuckDB's own 64-bit hash of the value: fixed for a DuckDB version (pinned in package.json).
  inSubset: (id, k) => `hash(${id}) % ${k} = 0`,
};
