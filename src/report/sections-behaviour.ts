import type { Duck } from '../sql/duckdb-connection.js';
import {
  attributionWeights,
  type Count,
  dailyActivity,
  funnel,
  hourlyActivity,
  identifiersPerPerson,
  mix,
  weeklyActivity,
} from './queries.js';
import { int, pct } from './sections-data.js';
import type { ChartSpec, Section } from './types.js';

const chart = (id: string, title: string, kind: ChartSpec['kind'], counts: Count[], label: string): ChartSpec => ({
  id,
  title,
  kind,
  labels: counts.map((c) => c.label),
  datasets: [{ label, data: counts.map((c) => c.value) }],
});

const countRows = (title: string, counts: Count[]): string[][] => {
  const total = counts.reduce((a, c) => a + c.value, 0);
  return counts.map((c) => [title, c.label, int(c.value), total > 0 ? pct(c.value / total) : '—']);
};

export async function activitySection(db: Duck): Promise<Section> {
  const hourly = await hourlyActivity(db);
  const weekly = await weeklyActivity(db);
  const daily = await dailyActivity(db);
  return {
    id: 'activity',
    title: 'Engagement activity',
    note: 'Hours and days are UTC; people watch by their local clock, so the daily peak is spread over the US time zones.',
    charts: [
      chart('hourly', 'Engagements per hour of day (UTC)', 'line', hourly, 'engagements'),
      chart('weekly', 'Mean engagements per day, by weekday', 'line', weekly, 'engagements per day'),
      chart('daily', 'Engagements per day over the window', 'line', daily, 'engagements'),
    ],
    tables: [
      {
        headers: ['weekday', 'mean engagements per day'],
        rows: weekly.map((w) => [w.label, w.value.toFixed(1)]),
      },
    ],
  };
}

export async function identifiersSection(db: Duck): Promise<Section> {
  const perPerson = await identifiersPerPerson(db);
  const types = await mix(db, 'identity_mappings', 'identifier_type');
  return {
    id: 'identifiers',
    title: 'Identifiers per person',
    charts: [
      chart('identifiers-per-person', 'Individuals by number of identifiers', 'bar', perPerson, 'individuals'),
      chart('identifier-types', 'Identifiers by type', 'doughnut', types, 'identifiers'),
    ],
    tables: [
      {
        headers: ['', 'value', 'count', 'share'],
        rows: [...countRows('identifiers per person', perPerson), ...countRows('identifier type', types)],
      },
    ],
  };
}

export async function audienceSection(db: Duck): Promise<Section> {
  const segments = await mix(db, 'audience_attributes', 'segment_primary');
  const classes = await mix(db, 'audience_attributes', 'behavioral_classification');
  return {
    id: 'audience',
    title: 'Segment and classification mix',
    charts: [
      { ...chart('segments', 'Primary segment', 'bar', segments, 'individuals'), horizontal: true },
      chart('classifications', 'Behavioral classification', 'doughnut', classes, 'individuals'),
    ],
    tables: [
      {
        headers: ['', 'value', 'individuals', 'share'],
        rows: [...countRows('primary segment', segments), ...countRows('classification', classes)],
      },
    ],
  };
}

export async function campaignSection(db: Duck): Promise<Section> {
  const steps = await funnel(db);
  const models = await attributionWeights(db);
  const deciles = Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`);
  return {
    id: 'campaigns',
    title: 'Campaign funnel and attribution',
    charts: [
      { ...chart('funnel', 'Exposures → responses → conversions (log scale)', 'bar', steps, 'count'), logScale: true },
      {
        id: 'attribution',
        title: 'Outcomes by attribution weight, per model',
        kind: 'bar',
        labels: deciles,
        datasets: models.map((m) => ({ label: m.model, data: m.deciles })),
      },
    ],
    tables: [
      {
        headers: ['funnel step', 'count', 'of previous'],
        rows: steps.map((s, i) => [
          s.label,
          int(s.value),
          i > 0 && steps[i - 1].value > 0 ? pct(s.value / steps[i - 1].value) : '',
        ]),
      },
      {
        headers: ['attribution model', 'outcomes', 'mean weight', '(person, campaign) paths', 'paths not summing to 1'],
        rows: models.map((m) => [
          m.model,
          int(m.outcomes),
          m.meanWeight.toFixed(3),
          int(m.paths),
          int(m.pathsNotSummingToOne),
        ]),
      },
    ],
  };
}
