import { getTable, type TableName } from '../schema/registry.js';
import { TableBuilder } from '../write/table-builder.js';

/** A part of one table for one chunk: a whole table, or one date partition of an event table. */
export interface PartKey {
  table: TableName;
  /** Days since epoch of the partition (event tables only). */
  day?: number;
}

/** Collects a chunk's rows per table and, for event tables, per UTC day. */
export class ChunkOutput {
  private readonly tables = new Map<string, TableBuilder>();
  private readonly days = new Map<string, Map<number, TableBuilder>>();

  table(name: TableName): TableBuilder {
    let b = this.tables.get(name);
    if (!b) {
      b = new TableBuilder(getTable(name));
      this.tables.set(name, b);
    }
    return b;
  }

  partition(name: TableName, day: number): TableBuilder {
    let byDay = this.days.get(name);
    if (!byDay) {
      byDay = new Map();
      this.days.set(name, byDay);
    }
    let b = byDay.get(day);
    if (!b) {
      b = new TableBuilder(getTable(name));
      byDay.set(day, b);
    }
    return b;
  }

  /** Parts in a fixed order (table registry order, then day) so output never depends on insertion order. */
  parts(): { key: PartKey; builder: TableBuilder }[] {
    const out: { key: PartKey; builder: TableBuilder }[] = [];
    for (const [table, b] of this.tables) out.push({ key: { table: table as TableName }, builder: b });
    for (const [table, byDay] of this.days) {
      for (const day of [...byDay.keys()].sort((a, b) => a - b))
        out.push({ key: { table: table as TableName, day }, builder: byDay.get(day)! });
    }
    return out.filter((p) => p.builder.rowCount > 0);
  }
}
