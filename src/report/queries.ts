import { quoteIdent as q, quoteLiteral } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import type { Duck } from '../sql/duckdb-connection.js';

/**
 * The report's figures, each one small SQL query over the loaded tables (or the views over a
 * drop's files). Nothing here calls the generator: the report shows what the data says.
 */

export interface Count {
  label: string;
  value: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

async function counts(db: Duck, sql: string): Promise<Count[]> {
  return (await db.all(sql)).map((r) => ({ label: String(r.label), value: num(r.value) }));
}

export async function rowsPerTable(db: Duck): Promise<Count[]> {
  const out: Count[] = [];
  for (const t of TABLES) {
    const [row] = await db.all(`SELECT count(*) AS n FROM ${q(t.name)}`);
    out.push({ label: t.name, value: num(row.n) });
  }
  return out;
}

/** Bytes on disk of the given files, as DuckDB sees them (read_blob reads sizes, not contents, when only size is asked). */
export async function fileBytes(db: Duck, paths: string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const [row] = await db.all(`SELECT sum(size) AS n FROM read_blob([${paths.map(quoteLiteral).join(', ')}])`);
  return num(row.n);
}

/** Share of rows per value of a column (every value present in the data, in the order given first), optionally of the rows matching `where`. */
export async function shares(db: Duck, table: string, column: string, where?: string): Promise<Count[]> {
  return counts(
    db,
    `SELECT CAST(${q(column)} AS VARCHAR) AS label, count(*) / sum(count(*)) OVER () AS value FROM ${q(table)}${where ? ` WHERE ${where}` : ''} GROUP BY 1 ORDER BY 1`,
  );
}

/** Share of individuals per age bucket; ages in no bucket are counted as 'other'. */
export async function ageShares(
  db: Duck,
  buckets: readonly { from: number; to: number; label: string }[],
): Promise<Count[]> {
  const cases = buckets.map((b) => `WHEN age BETWEEN ${b.from} AND ${b.to} THEN ${quoteLiteral(b.label)}`).join(' ');
  return counts(
    db,
    `SELECT CASE ${cases} ELSE 'other' END AS label, count(*) / sum(count(*)) OVER () AS value FROM individuals GROUP BY 1 ORDER BY min(age)`,
  );
}

/** Share of individuals holding at least one identifier of each type. */
export async function identifierCoverage(db: Duck): Promise<Count[]> {
  return counts(
    db,
    `SELECT identifier_type AS label, count(DISTINCT individual_id) / (SELECT count(*) FROM individuals) AS value
     FROM identity_mappings GROUP BY 1 ORDER BY 1`,
  );
}

/** Individuals by how many identifiers they have (0 included). */
export async function identifiersPerPerson(db: Duck): Promise<Count[]> {
  return counts(
    db,
    `SELECT CAST(coalesce(m.n, 0) AS VARCHAR) AS label, count(*) AS value, coalesce(m.n, 0) AS k
     FROM individuals i LEFT JOIN (SELECT individual_id, count(*) AS n FROM identity_mappings GROUP BY 1) m USING (individual_id)
     GROUP BY 1, 3 ORDER BY 3`,
  );
}

export interface Scalars {
  identifiersMean: number;
  inactiveShare: number;
  events: number;
  people: number;
  campaigns: number;
  campaignDaysMin: number;
  campaignDaysMax: number;
  responsesPerExposure: number;
  householdSizeMean: number;
  ageMin: number;
  ageMax: number;
}

export async function scalars(db: Duck): Promise<Scalars> {
  const [r] = await db.all(`SELECT
    (SELECT count(*) FROM identity_mappings) / nullif((SELECT count(*) FROM individuals), 0) AS identifiers_mean,
    (SELECT avg(CASE WHEN active THEN 0.0 ELSE 1.0 END) FROM identity_mappings) AS inactive_share,
    (SELECT count(*) FROM content_engagements) AS events,
    (SELECT count(*) FROM individuals) AS people,
    (SELECT count(*) FROM campaigns) AS campaigns,
    (SELECT min(end_date - start_date + 1) FROM campaigns) AS dmin,
    (SELECT max(end_date - start_date + 1) FROM campaigns) AS dmax,
    (SELECT count(*) FROM response_events) / nullif((SELECT count(*) FROM campaign_exposures), 0) AS rpe,
    (SELECT avg(household_size) FROM households) AS size_mean,
    (SELECT min(age) FROM individuals) AS age_min,
    (SELECT max(age) FROM individuals) AS age_max`);
  return {
    identifiersMean: num(r.identifiers_mean),
    inactiveShare: num(r.inactive_share),
    events: num(r.events),
    people: num(r.people),
    campaigns: num(r.campaigns),
    campaignDaysMin: num(r.dmin),
    campaignDaysMax: num(r.dmax),
    responsesPerExposure: num(r.rpe),
    householdSizeMean: num(r.size_mean),
    ageMin: num(r.age_min),
    ageMax: num(r.age_max),
  };
}

/** Engagements per UTC hour of day, 0..23 (hours without events count 0). */
export async function hourlyActivity(db: Duck): Promise<Count[]> {
  return counts(
    db,
    `SELECT CAST(h AS VARCHAR) AS label, count(e."timestamp") AS value
     FROM range(24) r(h) LEFT JOIN content_engagements e ON hour(e."timestamp") = r.h GROUP BY h ORDER BY h`,
  );
}

/** Mean engagements per calendar day for each weekday, Monday first (the window need not hold whole weeks). */
export async function weeklyActivity(db: Duck): Promise<Count[]> {
  return counts(
    db,
    `SELECT dayname(d) AS label, avg(n) AS value FROM (
       SELECT CAST("timestamp" AS DATE) AS d, count(*) AS n FROM content_engagements GROUP BY 1
     ) GROUP BY label, isodow(d) ORDER BY isodow(d)`,
  );
}

export async function dailyActivity(db: Duck): Promise<Count[]> {
  return counts(
    db,
    `SELECT strftime(CAST("timestamp" AS DATE), '%Y-%m-%d') AS label, count(*) AS value FROM content_engagements GROUP BY 1 ORDER BY 1`,
  );
}

export async function mix(db: Duck, table: string, column: string): Promise<Count[]> {
  return counts(
    db,
    `SELECT CAST(${q(column)} AS VARCHAR) AS label, count(*) AS value FROM ${q(table)} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}

/** Exposures → responses → converted outcomes. */
export async function funnel(db: Duck): Promise<Count[]> {
  const [r] = await db.all(`SELECT
    (SELECT count(*) FROM campaign_exposures) AS exposures,
    (SELECT count(*) FROM response_events) AS responses,
    (SELECT count(*) FROM outcome_metrics WHERE conversion_status = 'converted') AS conversions`);
  return [
    { label: 'exposures', value: num(r.exposures) },
    { label: 'responses', value: num(r.responses) },
    { label: 'conversions', value: num(r.conversions) },
  ];
}

export interface AttributionModelFigures {
  model: string;
  outcomes: number;
  meanWeight: number;
  /** Outcomes per weight decile [0, 0.1) … [0.9, 1.0]. */
  deciles: number[];
  /** (person, campaign) paths whose weights do not sum to 1. */
  pathsNotSummingToOne: number;
  paths: number;
}

export async function attributionWeights(db: Duck): Promise<AttributionModelFigures[]> {
  const models = await db.all(
    `SELECT attribution_model AS model, count(*) AS n, avg(attribution_weight) AS mean,
       list(least(floor(attribution_weight * 10), 9)::INT) AS buckets
     FROM outcome_metrics GROUP BY 1 ORDER BY 1`,
  );
  const paths = await db.all(
    `SELECT attribution_model AS model, count(*) AS paths, count(*) FILTER (WHERE abs(s - 1) > 1e-6) AS bad FROM (
       SELECT o.attribution_model, r.individual_id, o.campaign_id, sum(o.attribution_weight) AS s
       FROM outcome_metrics o JOIN response_events r USING (response_id) GROUP BY 1, 2, 3
     ) GROUP BY 1`,
  );
  return models.map((m) => {
    const deciles = new Array<number>(10).fill(0);
    for (const b of m.buckets as number[]) deciles[Number(b)]++;
    const p = paths.find((x) => x.model === m.model);
    return {
      model: String(m.model),
      outcomes: num(m.n),
      meanWeight: num(m.mean),
      deciles,
      pathsNotSummingToOne: num(p?.bad),
      paths: num(p?.paths),
    };
  });
}
