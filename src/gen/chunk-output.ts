import { getTable, type TableName } from '../schema/registry.js';
import { TableBuilder } from '../write/table-builder.js';

/** A part of one table for one chunk: a whole table, or one date partition of an event table. */
export interface PartKey {
  table: TableName;
  /** Days since epoch of the partition (event tables only). */
  day?: number;
}

/**
 * Rows per day part of each event table in the last chunk this thread finished, as a size hint
 * for the next chunk's builders: most parts then fit without regrowing their columns (growth
 * copies were ~5% of generation time). A hint only: what is built never depends on it.
 */
const partRowsHint = new Map<string, number>();

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
      const hint = partRowsHint.get(name);
      if (hint) b.reserve(hint);
      byDay.set(day, b);
    }
    return b;
  }

  /** Parts in a fixed order (table registry order, then day) so output never depends on insertion order. */
  parts(): { key: PartKey; builder: TableBuilder }[] {
    const out: { key: PartKey; builder: TableBuilder }[] = [];
    for (const [table, b] of this.tables) out.push({ key: { table: table as TableName }, builder: b });
    for (const [table, byDay] of this.days) {
      let rows = 0;
      for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
        out.push({ key: { table: table as TableName, day }, builder: byDay.get(day)! });
        rows += byDay.get(day)!.rowCount;
      }
      // The mean part: parts above it grow once, the rest never.
      if (byDay.size) partRowsHint.set(table, Math.ceil(rows / byDay.size));
    }
    return out.filter((p) => p.builder.rowCount > 0);
  }
}
