/**
 * `npm run bench [-- --households N --workers W]`: generates a fixed profile (seed 1, default
 * config) into a temp folder and prints rows/s per table and overall, peak RSS, and — in the same
 * run — DuckDB writing the same number of engagement-shaped rows from SQL random() to ZSTD
 * Parquet, as a ratio. Speed targets live here, never in tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/config/load.js';
import { defaultWorkers, generate } from '../src/pipeline/generate.js';
import { TABLES } from '../src/schema/registry.js';
import { openDuck } from '../src/sql/duckdb-connection.js';

const { values } = parseArgs({
  options: { households: { type: 'string', default: '100000' }, workers: { type: 'string' } },
});
const households = Number(values.households);
const workers = values.workers ? Number(values.workers) : defaultWorkers();
const dir = mkdtempSync(join(tmpdir(), 'idgraph-bench-'));

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const result = await generate(resolveConfig({ households, seed: 1 }), { out: join(dir, 'drop'), workers });
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

const { manifest, seconds } = result;
const total = Object.values(manifest.tables).reduce((a, t) => a + t.rows, 0);
console.log(`profile: ${households.toLocaleString('en-US')} households, seed 1, default config, ${workers} workers`);
console.log(`${'table'.padEnd(22)}${'rows'.padStart(14)}${'MB'.padStart(10)}${'rows/s (of wall time)'.padStart(24)}`);
for (const t of TABLES) {
  const s = manifest.tables[t.name];
  console.log(
    `${t.name.padEnd(22)}${s.rows.toLocaleString('en-US').padStart(14)}${(s.bytes / 2 ** 20).toFixed(1).padStart(10)}${Math.round(
      s.rows / seconds,
    )
      .toLocaleString('en-US')
      .padStart(24)}`,
  );
}
console.log(
  `all tables: ${total.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s = ${Math.round(total / seconds).toLocaleString('en-US')} rows/s; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
);

// Baseline: DuckDB writes the same number of engagement-shaped random rows to ZSTD Parquet.
const n = manifest.tables.content_engagements.rows;
const db = await openDuck();
await db.run(`SET threads = ${workers}`);
const started = performance.now();
await db.run(`COPY (SELECT i * 16 AS event_id, i // 50 AS individual_id, 'vid_' || lpad(CAST((random() * 20000)::INT AS VARCHAR), 6, '0') AS content_id,
  (['News','Sports','Entertainment','Education','Technology','Music','Lifestyle','Business','Gaming','Kids'])[1 + (random() * 9.99)::INT] AS content_category,
  (['view','click','share','like','comment'])[1 + (random() * 4.99)::INT] AS engagement_type,
  make_timestamptz(1751500800000000 + (random() * 7776000000000)::BIGINT) AS "timestamp",
  CASE WHEN random() < 0.68 THEN (random() * 3000)::INT END AS duration_seconds,
  (['mobile','desktop','tablet','ctv'])[1 + (random() * 3.99)::INT] AS device_type,
  md5(CAST(i // 3 AS VARCHAR))[1:16] AS session_id
  FROM range(${n}) t(i)) TO '${join(dir, 'duck.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
const duckSeconds = (performance.now() - started) / 1000;
db.close();
const ours = n / seconds;
const duck = n / duckSeconds;
console.log(
  `content_engagements: idgraph ${Math.round(ours).toLocaleString('en-US')} rows/s (whole graph generated in that time) vs DuckDB SQL random() → ZSTD Parquet ${Math.round(duck).toLocaleString('en-US')} rows/s: ratio ${(ours / duck).toFixed(2)}`,
);
rmSync(dir, { recursive: true, force: true });
