/** The SQL types the data model uses; every derivation (Arrow, DDL, docs) switches on these. */
export const SQL_TYPES = [
  'BIGINT',
  'INT',
  'DOUBLE',
  'STRING',
  'BOOLEAN',
  'TIMESTAMP',
  'DATE',
  'DECIMAL(10,2)',
  'DECIMAL(12,2)',
  'DECIMAL(8,4)',
  'ARRAY<STRING>',
  'MAP<STRING,DOUBLE>',
] as const;
export type SqlType = (typeof SQL_TYPES)[number];

/** A CHECK rule on one column, kept structured so each dialect can render it. */
export type Check =
  | { kind: 'in'; values: readonly string[] }
  | { kind: 'between'; min: number; max: number }
  | { kind: 'compare'; op: '>' | '>='; value: number }
  | { kind: 'gteColumn'; column: string };

export interface Column {
  name: string;
  type: SqlType;
  nullable: boolean;
  description: string;
  /** A CHECK constraint the data model states for this column. */
  check?: Check;
  /** Documented domain without a CHECK in the model ('house', 'apartment', …): enforced by validation only. */
  values?: readonly string[];
  /** SQL DEFAULT the model declares (informational; the generator always writes a value). */
  defaultSql?: string;
  /**
   * Physical hint for high-volume STRING columns drawn from a fixed vocabulary: built as an Arrow
   * dictionary (an index per row instead of bytes). Parquet still stores a UTF8 STRING column.
   */
  dictionary?: true;
  /** Physical hint: (nearly) every value distinct, so Parquet dictionary encoding only costs time and bytes. */
  highCardinality?: true;
}

export interface ForeignKey {
  column: string;
  table: string;
  references: string;
}

/** Hive partition derived from a timestamp column: `<column>=YYYY-MM-DD` directories, UTC. */
export interface DatePartition {
  column: string;
  source: string;
}

export interface Table {
  name: string;
  description: string;
  /** Generation phase from the data model's dependency list (1..5); load order follows it. */
  phase: number;
  columns: readonly Column[];
  primaryKey: string;
  foreignKeys: readonly ForeignKey[];
  /** Unique keys besides the primary key, each a list of columns. */
  unique: readonly (readonly string[])[];
  partition?: DatePartition;
  zorder: readonly string[];
  /**
   * How an increment delivers this table (FR-015): `append` for events and facts (new rows only,
   * never repeated), `upsert` keyed by the primary key for entities and derived tables (each
   * increment recomputes them as of its asOf; a row with a known key replaces the old one).
   */
  writeMode: WriteMode;
}

export type WriteMode = 'append' | 'upsert';
