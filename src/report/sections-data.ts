import type { RunConfig } from '../config/schema.js';
import {
  CHANNELS,
  CONTENT_CATEGORIES,
  EDUCATION_LEVELS,
  ENGAGEMENT_TYPES,
  GENDERS,
  HOUSING_TYPES,
  IDENTIFIER_TYPES,
  INCOME_BRACKETS,
} from '../schema/domains.js';
import type { Duck } from '../sql/duckdb-connection.js';
import { normaliseWeights } from '../config/weights.js';
import { ageBuckets, householdSizeShares } from './configured.js';
import { ageShares, type Count, identifierCoverage, rowsPerTable, scalars, shares } from './queries.js';
import type { ChartSpec, Section } from './types.js';
import { timeWindow } from '../config/window.js';

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** Rows per table, and the Parquet bytes when the report reads a drop's files. */
export async function volumeSection(db: Duck, bytes: Record<string, number> | undefined): Promise<Section> {
  const rows = await rowsPerTable(db);
  const charts: ChartSpec[] = [
    {
      id: 'rows-per-table',
      title: 'Rows per table (log scale)',
      kind: 'bar',
      labels: rows.map((r) => r.label),
      datasets: [{ label: 'rows', data: rows.map((r) => r.value) }],
      logScale: true,
    },
  ];
  if (bytes)
    charts.push({
      id: 'bytes-per-table',
      title: 'Parquet bytes per table (log scale)',
      kind: 'bar',
      labels: rows.map((r) => r.label),
      datasets: [{ label: 'bytes', data: rows.map((r) => bytes[r.label] ?? 0) }],
      logScale: true,
    });
  return {
    id: 'volume',
    title: 'Rows and bytes per table',
    note: bytes ? undefined : 'Parquet bytes are shown when the report is built from the drop folder.',
    charts,
    tables: [
      {
        headers: ['table', 'rows', 'Parquet bytes'],
        rows: rows.map((r) => [r.label, int(r.value), bytes ? formatBytes(bytes[r.label] ?? 0) : '—']),
      },
    ],
  };
}

/** Configured shares next to generated ones, over the configured labels plus any the data adds. */
function comparison(id: string, title: string, configured: Record<string, number>, generated: Count[]): ChartSpec {
  const labels = [...Object.keys(configured)];
  for (const g of generated) if (!labels.includes(g.label)) labels.push(g.label);
  return {
    id,
    title,
    kind: 'bar',
    labels,
    percent: true,
    datasets: [
      { label: 'configured', data: labels.map((l) => configured[l] ?? 0) },
      { label: 'generated', data: labels.map((l) => generated.find((g) => g.label === l)?.value ?? 0) },
    ],
  };
}

const comparisonRows = (c: ChartSpec): string[][] =>
  c.labels.map((l, i) => [c.title, l, pct(c.datasets[0].data[i]), pct(c.datasets[1].data[i])]);

/** Each configured distribution next to what was generated. */
export async function distributionSection(db: Duck, config: RunConfig): Promise<Section> {
  const pick = <T extends string>(keys: readonly T[], w: Record<T, number>) =>
    Object.fromEntries(keys.map((k) => [k, w[k]])) as Record<string, number>;
  const ages = ageBuckets(config);
  const charts = [
    comparison(
      'household-size',
      'Household size',
      householdSizeShares(config),
      await shares(db, 'households', 'household_size'),
    ),
    comparison(
      'income-brackets',
      'Income bracket',
      normaliseWeights(pick(INCOME_BRACKETS, config.household.incomeBrackets)),
      await shares(db, 'households', 'income_bracket'),
    ),
    comparison(
      'housing-types',
      'Housing type',
      normaliseWeights(pick(HOUSING_TYPES, config.household.housingTypes)),
      await shares(db, 'households', 'housing_type'),
    ),
    comparison(
      'gender',
      'Gender',
      normaliseWeights(pick(GENDERS, config.individual.gender)),
      await shares(db, 'individuals', 'gender'),
    ),
    comparison(
      'age',
      `Age (individual.minAge..maxAge: ${config.individual.minAge}..${config.individual.maxAge})`,
      Object.fromEntries(ages.map((b) => [b.label, b.share])),
      await ageShares(db, ages),
    ),
    comparison(
      'education',
      'Education, adults 25+',
      normaliseWeights(pick(EDUCATION_LEVELS, config.individual.education)),
      await shares(db, 'individuals', 'education_level', 'age >= 25'),
    ),
    comparison(
      'identifier-coverage',
      'Individuals holding each identifier type',
      pick(IDENTIFIER_TYPES, config.identifiers.coverage),
      await identifierCoverage(db),
    ),
  ];
  // Behaviour mixes only when those tables were generated (not for `output.tables: core`).
  if (config.output.tables === 'all')
    charts.push(
      comparison(
        'engagement-types',
        'Engagement type',
        normaliseWeights(pick(ENGAGEMENT_TYPES, config.engagement.types)),
        await shares(db, 'content_engagements', 'engagement_type'),
      ),
      comparison(
        'content-categories',
        'Content category of engagements',
        normaliseWeights(pick(CONTENT_CATEGORIES, config.engagement.categories)),
        await shares(db, 'content_engagements', 'content_category'),
      ),
      comparison(
        'channels',
        'Channel: configured weights, generated exposures',
        normaliseWeights(pick(CHANNELS, config.campaigns.channels)),
        await shares(db, 'campaign_exposures', 'channel'),
      ),
    );
  const s = await scalars(db);
  const days = timeWindow(config).days;
  const c = config.campaigns;
  return {
    id: 'distributions',
    title: 'Configured vs generated',
    note: 'Some generated mixes sit off their configured marginals by design: housing type is also shaped by household size and income; education is tilted to degrees in high-income households; cookie/device ids top people up to the minimum count; content categories are shifted by personal tastes; channel weights tilt each campaign goal’s own channel mix (equal weights keep it), so exposures follow the goals too. The configured age mix is the census mix cut to the age range, as far as household sizes allow.',
    charts,
    tables: [
      { headers: ['distribution', 'value', 'configured', 'generated'], rows: charts.flatMap(comparisonRows) },
      {
        headers: ['setting', 'configured', 'generated'],
        rows: [
          [
            'household size mean',
            `normal(${config.household.sizeMean}, ${config.household.sizeSd}) clipped ${config.household.sizeMin}..${config.household.sizeMax}`,
            s.householdSizeMean.toFixed(2),
          ],
          [
            'identifiers per person',
            `mean ${config.identifiers.mean}, ${config.identifiers.min}..${config.identifiers.max}`,
            `mean ${s.identifiersMean.toFixed(2)}`,
          ],
          ['inactive identifiers', pct(config.identifiers.inactiveShare), pct(s.inactiveShare)],
          [
            'age range',
            `${config.individual.minAge}..${config.individual.maxAge}`,
            s.people > 0 ? `${s.ageMin}..${s.ageMax}` : '—',
          ],
          // Behaviour rows only when those tables were generated (not for `output.tables: core`).
          ...(config.output.tables === 'all'
            ? [
                [
                  'engagements per person per day',
                  String(config.engagement.perPersonPerDay),
                  s.people > 0 ? (s.events / s.people / days).toFixed(3) : '—',
                ],
                ['campaigns', String(c.count), int(s.campaigns)],
                ['campaign length (days)', `${c.minDays}..${c.maxDays}`, `${s.campaignDaysMin}..${s.campaignDaysMax}`],
                [
                  'responses per exposure',
                  `base rate ${config.responses.baseRate} (scaled by propensity, channel, goal)`,
                  s.responsesPerExposure.toFixed(4),
                ],
              ]
            : []),
        ],
      },
    ],
  };
}
