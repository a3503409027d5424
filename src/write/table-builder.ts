import * as arrow from 'apache-arrow';
import { arrowSchema } from '../schema/derive/arrow-schema.js';
import type { Column, Table } from '../schema/types.js';
import {
  BoolBuilder,
  type Builder,
  DecimalBuilder,
  DictUtf8Builder,
  Float64Builder,
  Int32Builder,
  Int64Builder,
  ListUtf8Builder,
  MapBuilder,
  Utf8Builder,
} from './columns.js';

function builderFor(column: Column, type: arrow.DataType): Builder {
  if (column.dictionary) return new DictUtf8Builder(type as arrow.Dictionary<arrow.Utf8, arrow.Int32>);
  switch (column.type) {
    case 'BIGINT':
    case 'TIMESTAMP':
      return new Int64Builder(type);
    case 'INT':
    case 'DATE':
      return new Int32Builder(type);
    case 'DOUBLE':
      return new Float64Builder();
    case 'STRING':
      return new Utf8Builder();
    case 'BOOLEAN':
      return new BoolBuilder();
    case 'DECIMAL(10,2)':
    case 'DECIMAL(12,2)':
    case 'DECIMAL(8,4)':
      return new DecimalBuilder(type as arrow.Decimal);
    case 'ARRAY<STRING>':
      return new ListUtf8Builder(type as arrow.List<arrow.Utf8>);
    case 'MAP<STRING,DOUBLE>':
      return new MapBuilder(type as arrow.Map_<arrow.Utf8, arrow.Float64>);
  }
}

/**
 * One builder per registry column. Generators ask for a column by name and kind once, then push
 * values; asking for the wrong kind fails at once, so a registry edit cannot silently mistype data.
 */
export class TableBuilder {
  private readonly builders = new Map<string, Builder>();
  constructor(readonly table: Table) {
    const fields = arrowSchema(table).fields;
    table.columns.forEach((column, i) => {
      this.builders.set(column.name, builderFor(column, fields[i].type));
    });
  }

  private get<T extends Builder>(name: string, kind: new (...args: never[]) => T): T {
    const b = this.builders.get(name);
    if (!(b instanceof kind)) throw new Error(`${this.table.name}.${name} is not a ${kind.name}`);
    return b;
  }
  int64(name: string): Int64Builder {
    return this.get(name, Int64Builder);
  }
  int32(name: string): Int32Builder {
    return this.get(name, Int32Builder);
  }
  float64(name: string): Float64Builder {
    return this.get(name, Float64Builder);
  }
  utf8(name: string): Utf8Builder {
    return this.get(name, Utf8Builder);
  }
  bool(name: string): BoolBuilder {
    return this.get(name, BoolBuilder);
  }
  decimal(name: string): DecimalBuilder {
    return this.get(name, DecimalBuilder);
  }
  list(name: string): ListUtf8Builder {
    return this.get(name, ListUtf8Builder);
  }
  map(name: string): MapBuilder {
    return this.get(name, MapBuilder);
  }
  dict(name: string, vocabulary: readonly string[]): DictUtf8Builder {
    return this.get(name, DictUtf8Builder).use(vocabulary);
  }

  private readonly views = new Map<(b: TableBuilder) => unknown, unknown>();

  /**
   * A generator's typed handles on this table's columns, made once per builder: hot loops push
   * through them instead of looking columns up by name for every value.
   */
  view<T>(make: (b: TableBuilder) => T): T {
    let v = this.views.get(make) as T | undefined;
    if (v === undefined) {
      v = make(this);
      this.views.set(make, v);
    }
    return v;
  }

  /** Room for `rows` rows in every fixed-width column and offsets array (a size hint only). */
  reserve(rows: number): void {
    for (const b of this.builders.values()) b.reserve(rows);
  }

  /** Empties every column but keeps its arrays for reuse (see Builder.reset). */
  reset(): void {
    for (const b of this.builders.values()) b.reset();
  }

  get rowCount(): number {
    return this.builders.get(this.table.columns[0].name)!.length;
  }

  /** Wraps the buffers as one record batch; every column must have the same length. */
  finish(): arrow.RecordBatch {
    const schema = arrowSchema(this.table);
    const length = this.rowCount;
    const children = this.table.columns.map((c) => {
      const b = this.builders.get(c.name)!;
      if (b.length !== length) throw new Error(`${this.table.name}.${c.name} has ${b.length} rows, expected ${length}`);
      return b.finish();
    });
    const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length, children, nullCount: 0 });
    return new arrow.RecordBatch(schema, struct);
  }
}
