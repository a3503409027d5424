/**
 * Result sets as the fake returns them: COLUMN_BASED_SET (one TColumn per column, a null bitmap
 * per column). The driver reads that format with its JsonResultHandler whatever protocol version
 * the server advertised, so the fake never needs Arrow, CloudFetch or LZ4.
 */
import { T } from './thrift.js';

export type ColumnType =
  | 'STRING'
  | 'BIGINT'
  | 'INT'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'TIMESTAMP'
  | 'DATE'
  | 'DECIMAL'
  | 'MAP'
  | 'STRUCT'
  | 'ARRAY';
export type ColumnSpec = string | { name: string; type: ColumnType };

export interface ResultSet {
  columns: ColumnSpec[];
  /** Positional arrays or objects keyed by column name. */
  rows: Array<unknown[] | Record<string, unknown>>;
}

interface Column {
  name: string;
  type: ColumnType;
}

const TYPE_IDS: Record<ColumnType, string> = {
  STRING: 'STRING_TYPE',
  BIGINT: 'BIGINT_TYPE',
  INT: 'INT_TYPE',
  DOUBLE: 'DOUBLE_TYPE',
  BOOLEAN: 'BOOLEAN_TYPE',
  TIMESTAMP: 'TIMESTAMP_TYPE',
  DATE: 'DATE_TYPE',
  DECIMAL: 'DECIMAL_TYPE',
  MAP: 'MAP_TYPE',
  STRUCT: 'STRUCT_TYPE',
  ARRAY: 'ARRAY_TYPE',
};

function inferType(values: unknown[]): ColumnType {
  const sample = values.find((v) => v !== null && v !== undefined);
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'BIGINT' : 'DOUBLE';
  if (typeof sample === 'bigint') return 'BIGINT';
  if (typeof sample === 'boolean') return 'BOOLEAN';
  if (Array.isArray(sample)) return 'ARRAY';
  if (sample && typeof sample === 'object') return 'STRUCT';
  return 'STRING';
}

/** Rows as positional arrays plus typed columns. */
export function normalize(result: ResultSet): { columns: Column[]; rows: unknown[][] } {
  const names = result.columns.map((c) => (typeof c === 'string' ? c : c.name));
  const rows = result.rows.map((row) =>
    Array.isArray(row) ? row : names.map((n) => (row as Record<string, unknown>)[n]),
  );
  const columns = result.columns.map((c, i) =>
    typeof c === 'string' ? { name: c, type: inferType(rows.map((r) => r[i])) } : c,
  );
  return { columns, rows };
}

export function tableSchema(columns: Column[]): unknown {
  return new T.TTableSchema({
    columns: columns.map(
      (c, i) =>
        new T.TColumnDesc({
          columnName: c.name,
          position: i + 1,
          typeDesc: new T.TTypeDesc({
            types: [
              new T.TTypeEntry({ primitiveEntry: new T.TPrimitiveTypeEntry({ type: T.TTypeId[TYPE_IDS[c.type]] }) }),
            ],
          }),
        }),
    ),
  });
}

function nullBitmap(values: unknown[]): Buffer {
  const bits = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null || v === undefined) bits[i >> 3] |= 1 << (i & 7);
  });
  return bits;
}

function column(type: ColumnType, values: unknown[]): unknown {
  const nulls = nullBitmap(values);
  const present = (fallback: unknown, map: (v: unknown) => unknown) =>
    values.map((v) => (v === null || v === undefined ? fallback : map(v)));
  switch (type) {
    case 'BIGINT':
      return new T.TColumn({ i64Val: new T.TI64Column({ values: present(0, (v) => Number(v)), nulls }) });
    case 'INT':
      return new T.TColumn({ i32Val: new T.TI32Column({ values: present(0, (v) => Number(v)), nulls }) });
    case 'DOUBLE':
      return new T.TColumn({ doubleVal: new T.TDoubleColumn({ values: present(0, (v) => Number(v)), nulls }) });
    case 'BOOLEAN':
      return new T.TColumn({ boolVal: new T.TBoolColumn({ values: present(false, (v) => Boolean(v)), nulls }) });
    case 'MAP':
    case 'STRUCT':
    case 'ARRAY':
      // Without Arrow, complex values travel as JSON text; the driver parses them back.
      return new T.TColumn({
        stringVal: new T.TStringColumn({
          values: present('', (v) => (typeof v === 'string' ? v : JSON.stringify(v))),
          nulls,
        }),
      });
    default:
      return new T.TColumn({ stringVal: new T.TStringColumn({ values: present('', (v) => String(v)), nulls }) });
  }
}

/** A TRowSet holding rows [from, to) of the result. */
export function rowSet(columns: Column[], rows: unknown[][], from: number, to: number): unknown {
  const slice = rows.slice(from, to);
  return new T.TRowSet({
    startRowOffset: from,
    rows: [],
    columns: columns.map((c, i) =>
      column(
        c.type,
        slice.map((r) => r[i]),
      ),
    ),
  });
}
