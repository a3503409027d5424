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

/**
 * Builders of this thread's released chunks, emptied, per table: the next chunk fills their
 * arrays again instead of allocating ~100 MB of new ones, which cost a worker CPU in the
 * allocator and in V8's GC threads. Bounded by one chunk's parts (a chunk has a fixed number
 * of households), so it does not grow with the run.
 */
const pool = new Map<string, TableBuilder[]>();

function takeBuilder(name: TableName): TableBuilder {
  return pool.get(name)?.pop() ?? new TableBuilder(getTable(name));
}

/** Collects a chunk's rows per table and, for event tables, per UTC day. */
export class ChunkOutput {
  private readonly tables = new Map<string, TableBuilder>();
  private readonly days = new Map<string, Map<number, TableBuilder>>();

  table(name: TableName): TableBuilder {
    let b = this.tables.get(name);
    if (!b) {
      b = takeBuilder(name);
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
      b = takeBuilder(name);
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

  /**
   * Gives this chunk's builders back for the next chunk. Call only once nothing reads the
   * batches of their finish() any more (the worker: after encoding every part); the output is
   * empty afterwards.
   */
  release(): void {
    const give = (table: string, b: TableBuilder) => {
      b.reset();
      let free = pool.get(table);
      if (!free) {
        free = [];
        pool.set(table, free);
      }
      free.push(b);
    };
    for (const [table, b] of this.tables) give(table, b);
    for (const [table, byDay] of this.days) for (const b of byDay.values()) give(table, b);
    this.tables.clear();
    this.days.clear();
  }
}
