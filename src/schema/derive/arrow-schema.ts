import * as arrow from 'apache-arrow';
import type { Column, SqlType, Table } from '../types.js';

/** Arrow type per SQL type; parquet-wasm maps these to the exact Parquet physical/logical types. */
export function arrowType(type: SqlType): arrow.DataType {
  switch (type) {
    case 'BIGINT':
      return new arrow.Int64();
    case 'INT':
      return new arrow.Int32();
    case 'DOUBLE':
      return new arrow.Float64();
    case 'STRING':
      return new arrow.Utf8();
    case 'BOOLEAN':
      return new arrow.Bool();
    // isAdjustedToUTC=true: Spark and Databricks read it as TIMESTAMP, not TIMESTAMP_NTZ.
    case 'TIMESTAMP':
      return new arrow.TimestampMicrosecond('UTC');
    case 'DATE':
      return new arrow.DateDay();
    case 'DECIMAL(10,2)':
      return new arrow.Decimal(2, 10, 128);
    case 'DECIMAL(12,2)':
      return new arrow.Decimal(2, 12, 128);
    case 'DECIMAL(8,4)':
      return new arrow.Decimal(4, 8, 128);
    case 'ARRAY<STRING>':
      return new arrow.List(new arrow.Field('element', new arrow.Utf8(), false));
    case 'MAP<STRING,DOUBLE>':
      return new arrow.Map_(
        new arrow.Field(
          'entries',
          new arrow.Struct<{ key: arrow.Utf8; value: arrow.Float64 }>([
            new arrow.Field('key', new arrow.Utf8(), false),
            new arrow.Field('value', new arrow.Float64(), false),
          ]),
          false,
        ),
      );
  }
}

/** Columns written to files: partition columns live in directory names, not in the files. */
const schemas = new Map<string, arrow.Schema>();

/** One schema object per table, so every batch of a table carries identical types. */
export function arrowSchema(table: Table): arrow.Schema {
  let schema = schemas.get(table.name);
  if (!schema) {
    schema = new arrow.Schema(table.columns.map((c, i) => new arrow.Field(c.name, columnArrowType(c, i), c.nullable)));
    schemas.set(table.name, schema);
  }
  return schema;
}

/**
 * The column's Arrow type, honouring the dictionary hint for vocabulary strings. Dictionary ids
 * are explicit (the column's position): arrow-js otherwise numbers them per thread in creation
 * order, and the id is written into the Parquet file's ARROW:schema metadata.
 */
export function columnArrowType(column: Column, position: number): arrow.DataType {
  if (column.dictionary) {
    if (column.type !== 'STRING') throw new Error(`${column.name}: only STRING columns can be dictionary-encoded`);
    return new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32(), position);
  }
  return arrowType(column.type);
}
