/**
 * encodeParquet serialises a worker's batches with its own IPC path (src/write/ipc-stream.ts):
 * it must give arrow-js's own bytes, `tableToIPC(new Table([batch]), 'stream')`, for every
 * table the generator writes, again on the second part of a table (schema and dictionaries
 * copied from the first), and when a table's dictionary changes.
 */
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { generateChunk } from '../src/gen/chunk.js';
import { createContext } from '../src/gen/context.js';
import { getTable } from '../src/schema/registry.js';
import { batchToIpc } from '../src/write/ipc-stream.js';
import { TableBuilder } from '../src/write/table-builder.js';

const arrowBytes = (batch: arrow.RecordBatch) => Buffer.from(arrow.tableToIPC(new arrow.Table([batch]), 'stream'));
const ours = (batch: arrow.RecordBatch) => Buffer.from(batchToIpc(batch));

describe('batchToIpc', () => {
  it("gives arrow-js's stream bytes for every part of a generated chunk, first and later parts alike", () => {
    const ctx = createContext(resolveConfig({ households: 60, seed: 5 }));
    const output = generateChunk(ctx, 0, 60);
    const parts = output.parts();
    const tables = new Set(parts.map((p) => p.key.table));
    expect(tables.size).toBe(10);
    // Twice over: the second pass copies every table's cached schema and dictionary messages.
    for (let pass = 0; pass < 2; pass++) {
      for (const { builder } of parts) {
        const batch = builder.finish();
        expect(ours(batch).equals(arrowBytes(batch))).toBe(true);
      }
    }
    // Read back by arrow-js as well: the same rows and values.
    const batch = parts.find((p) => p.key.table === 'content_engagements')!.builder.finish();
    const back = arrow.tableFromIPC(batchToIpc(batch));
    expect(back.numRows).toBe(batch.numRows);
    expect(back.getChild('content_id')!.get(0)).toBe(new arrow.Table([batch]).getChild('content_id')!.get(0));
    output.release();
  });

  it('writes the new dictionary when a table changes vocabulary, not the cached one', () => {
    const batchWith = (vocabulary: string[]) => {
      const b = new TableBuilder(getTable('content_engagements'));
      const cols = {
        eventId: b.int64('event_id'),
        individualId: b.int64('individual_id'),
        contentId: b.dict('content_id', vocabulary),
        category: b.dict('content_category', ['News']),
        type: b.dict('engagement_type', ['view']),
        timestamp: b.int64('timestamp'),
        duration: b.int32('duration_seconds'),
        device: b.dict('device_type', ['mobile']),
        session: b.utf8('session_id'),
      };
      cols.eventId.push(1);
      cols.individualId.push(2);
      cols.contentId.push(1);
      cols.category.push(0);
      cols.type.push(0);
      cols.timestamp.push(3);
      cols.duration.pushNull();
      cols.device.push(0);
      cols.session.push('s');
      return b.finish();
    };
    const first = batchWith(['a', 'b']);
    const second = batchWith(['c', 'd']);
    expect(ours(first).equals(arrowBytes(first))).toBe(true);
    expect(ours(second).equals(arrowBytes(second))).toBe(true);
    expect(arrow.tableFromIPC(batchToIpc(second)).getChild('content_id')!.get(0)).toBe('d');
  });
});
