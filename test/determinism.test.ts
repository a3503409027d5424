import { beforeAll, describe, expect, it } from 'vitest';
import { duck, tableGlob } from './helpers/duckdb.js';
import { fileHashes, generateDrop, tempDir } from './helpers/drops.js';
import { readDrop } from '../src/drop/read-drop.js';
import { TABLES } from '../src/schema/registry.js';
import { SHARED_DROPS, sharedDrop } from './helpers/shared-drops.js';

/** Every drop here has the shared small drop's config (two weeks: the window's length plays no part in what is compared). */
const SMALL = SHARED_DROPS.small;

describe('deterministic output', () => {
  // The shared small drop (2 workers, blocks of 64), compared against by every test below.
  let a: { out: string; rows: Record<string, { rows: number }> };
  beforeAll(async () => {
    const out = await sharedDrop('small');
    a = { out, rows: readDrop(out).manifests[0].tables };
  });

  it('gives byte-identical files for 1 vs 2 workers and two block sizes', async () => {
    const b = await generateDrop(SMALL, { workers: 1, blockHouseholds: 256 });
    const ha = fileHashes(a.out);
    expect(Object.keys(ha).length).toBeGreaterThan(3);
    expect(fileHashes(b.out)).toEqual(ha);
  });

  it('merges parts into row groups of a fixed row count: same bytes for any workers and block size, same rows as the default', async () => {
    // Small groups so a small drop has several per file, a kept-back tail and file roll-overs.
    const small = { rowGroupRows: 400 };
    const x = await generateDrop(SMALL, { ...small, workers: 1, blockHouseholds: 64 });
    const y = await generateDrop(SMALL, { ...small, workers: 2, blockHouseholds: 192 });
    expect(fileHashes(y.out)).toEqual(fileHashes(x.out));
    const plain = a;
    const db = await duck();
    for (const t of ['content_engagements', 'campaign_exposures', 'identity_mappings']) {
      const meta = `parquet_metadata('${x.out}/${t}/**/*.parquet')`;
      // Every group has at least 400 rows unless it is its file's only group.
      const bad =
        await db.value(`WITH rg AS (SELECT file_name, row_group_id, any_value(row_group_num_rows) AS n FROM ${meta} GROUP BY ALL),
        files AS (SELECT file_name, count(*) AS groups FROM rg GROUP BY ALL)
        SELECT count(*) FROM rg JOIN files USING (file_name) WHERE n < 400 AND groups > 1`);
      expect(bad, t).toBe(0);
      // Enough rows here for several groups per file (exposures have too few per day at 600 households).
      if (t !== 'campaign_exposures')
        expect(await db.value(`SELECT count(DISTINCT (file_name, row_group_id)) FROM ${meta}`), t).toBeGreaterThan(
          await db.value(`SELECT count(DISTINCT file_name) FROM ${meta}`),
        );
      const diff =
        await db.value(`SELECT count(*) FROM ((SELECT * FROM ${tableGlob(x.out, t)} EXCEPT ALL SELECT * FROM ${tableGlob(plain.out, t)})
        UNION ALL (SELECT * FROM ${tableGlob(plain.out, t)} EXCEPT ALL SELECT * FROM ${tableGlob(x.out, t)}))`);
      expect(diff, t).toBe(0);
    }
    db.close();
  });

  it('changes the data when the seed changes', async () => {
    // The shared drop has seed 7.
    const b = await generateDrop({ ...SMALL, seed: 2 });
    const db = await duck();
    const agesA = await db.rows(`SELECT list(age ORDER BY individual_id) a FROM ${tableGlob(a.out, 'individuals')}`);
    const agesB = await db.rows(`SELECT list(age ORDER BY individual_id) a FROM ${tableGlob(b.out, 'individuals')}`);
    expect(agesA[0].a).not.toEqual(agesB[0].a);
    db.close();
  });

  it('splits into shards whose union is exactly the single run (same rows, same ids)', async () => {
    const single = a;
    const shared = tempDir();
    for (const k of [0, 1, 2]) await generateDrop(SMALL, { out: shared, shard: { index: k, count: 3 } });
    const db = await duck();
    for (const t of TABLES.filter((t) => single.rows[t.name].rows > 0)) {
      const cols = t.columns.map((c) => c.name).join(', ');
      const diff =
        await db.value(`SELECT count(*) FROM ((SELECT ${cols} FROM ${tableGlob(single.out, t.name)} EXCEPT ALL SELECT ${cols} FROM ${tableGlob(shared, t.name)})
        UNION ALL (SELECT ${cols} FROM ${tableGlob(shared, t.name)} EXCEPT ALL SELECT ${cols} FROM ${tableGlob(single.out, t.name)}))`);
      expect(diff, t.name).toBe(0);
      const n = await db.value(`SELECT count(*) FROM ${tableGlob(shared, t.name)}`);
      expect(n, t.name).toBe(single.rows[t.name].rows);
    }
    db.close();
  });
});
