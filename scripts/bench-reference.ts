/**
 * DuckDB's own writer as the yardstick: rows with exactly the columns and types of
 * `content_engagements` (BIGINT, BIGINT, VARCHAR ×3, TIMESTAMPTZ, INTEGER, VARCHAR ×2; nullable
 * duration and session) drawn from SQL random() over the default 90-day window, ZSTD, either
 * hive-partitioned by `event_date` (as the drop is) or as one flat file.
 */
export function duckReferenceSql(rows: number, out: string, partitioned: boolean): string {
  const select = `SELECT i * 16 AS event_id, i // 50 AS individual_id,
    'vid_' || lpad(CAST((random() * 20000)::INT AS VARCHAR), 6, '0') AS content_id,
    (['News','Sports','Entertainment','Education','Technology','Music','Lifestyle','Business','Gaming','Kids'])[1 + (random() * 9.99)::INT] AS content_category,
    (['view','click','share','like','comment'])[1 + (random() * 4.99)::INT] AS engagement_type,
    make_timestamptz(1751500800000000 + (random() * 7776000000000)::BIGINT) AS "timestamp",
    CASE WHEN random() < 0.68 THEN (random() * 3000)::INT END AS duration_seconds,
    (['mobile','desktop','tablet','ctv'])[1 + (random() * 3.99)::INT] AS device_type,
    md5(CAST(i // 3 AS VARCHAR))[1:16] AS session_id
    FROM range(${rows}) t(i)`;
  if (!partitioned) return `COPY (${select}) TO '${out}/flat.parquet' (FORMAT parquet, COMPRESSION zstd)`;
  // event_date is derived like the drop's partition column and, as there, not written into the files.
  return `COPY (SELECT *, CAST("timestamp" AS DATE) AS event_date FROM (${select}))
    TO '${out}/hive' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (event_date))`;
}
