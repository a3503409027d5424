import { ATTRIBUTION_MODELS } from '../schema/domains.js';

/**
 * The wizard's steps, in the data model's order. Each field is a config path (validated by the
 * same zod schema as config files) or, for the destination, a value that only shapes the
 * printed commands.
 */
export type FieldKind = 'number' | 'integer' | 'weights' | 'shares' | 'choice' | 'text' | 'households';

export interface Field {
  path: string;
  label: string;
  kind: FieldKind;
  choices?: readonly string[];
  /** Optional: an empty answer leaves the setting out. */
  optional?: boolean;
}

export interface Step {
  id: string;
  title: string;
  note?: string;
  fields: Field[];
}

export const HOUSEHOLD_PRESETS = [1_000, 10_000, 100_000, 1_000_000, 10_000_000] as const;
export const DESTINATIONS = ['folder', 's3', 'volume'] as const;

export const STEPS: readonly Step[] = [
  {
    id: 'scale',
    title: 'Scale',
    fields: [
      { path: 'households', label: 'Households', kind: 'households' },
      { path: 'seed', label: 'Seed (same seed + config = byte-identical files)', kind: 'integer' },
    ],
  },
  {
    id: 'households',
    title: 'Households',
    fields: [
      { path: 'household.sizeMean', label: 'Household size: mean', kind: 'number' },
      { path: 'household.sizeSd', label: 'Household size: standard deviation', kind: 'number' },
      { path: 'household.incomeBrackets', label: 'Income bracket weights', kind: 'weights' },
      { path: 'household.housingTypes', label: 'Housing type weights', kind: 'weights' },
    ],
  },
  {
    id: 'individuals',
    title: 'Individuals',
    note: 'Adults only (the data model: 18–100). Within the age range, ages follow the US census mix; employment follows age, education is tilted by age and income.',
    fields: [
      { path: 'individual.minAge', label: 'Youngest age (18–100)', kind: 'integer' },
      { path: 'individual.maxAge', label: 'Oldest age (18–100)', kind: 'integer' },
      { path: 'individual.gender', label: 'Gender weights', kind: 'weights' },
      { path: 'individual.education', label: 'Education weights (adults 25+)', kind: 'weights' },
    ],
  },
  {
    id: 'identifiers',
    title: 'Identifiers',
    fields: [
      { path: 'identifiers.mean', label: 'Identifiers per person: mean', kind: 'number' },
      { path: 'identifiers.min', label: 'Identifiers per person: minimum', kind: 'integer' },
      { path: 'identifiers.max', label: 'Identifiers per person: maximum', kind: 'integer' },
      { path: 'identifiers.coverage', label: 'Share of people holding each type (0–1 each)', kind: 'shares' },
      { path: 'identifiers.inactiveShare', label: 'Share of inactive identifiers', kind: 'number' },
    ],
  },
  {
    id: 'engagement',
    title: 'Engagement',
    note: 'Devices and the diurnal/weekly pattern come from the content catalog.',
    fields: [
      { path: 'window.length', label: 'Event window length (e.g. 90d, 12w, 3m, 1y)', kind: 'text' },
      { path: 'window.end', label: 'Last day of the window (YYYY-MM-DD)', kind: 'text' },
      { path: 'engagement.perPersonPerDay', label: 'Events per person per day (mean)', kind: 'number' },
      {
        path: 'engagement.activitySigma',
        label: 'Activity spread (log-normal σ; higher = longer heavy tail)',
        kind: 'number',
      },
      { path: 'engagement.seasonality', label: 'Seasonality (yearly cycle amplitude, 0–1)', kind: 'number' },
      { path: 'engagement.categories', label: 'Content category weights', kind: 'weights' },
      { path: 'engagement.types', label: 'Engagement-type mix (weights)', kind: 'weights' },
    ],
  },
  {
    id: 'audience',
    title: 'Audience thresholds',
    fields: [
      { path: 'audience.heavyPerDay', label: 'Heavy User from (events per day)', kind: 'number' },
      { path: 'audience.moderatePerDay', label: 'Moderate User from (events per day)', kind: 'number' },
      { path: 'audience.churnDays', label: 'Churned after (days without engagement)', kind: 'integer' },
    ],
  },
  {
    id: 'campaigns',
    title: 'Campaigns',
    fields: [
      { path: 'campaigns.count', label: 'Number of campaigns', kind: 'integer' },
      { path: 'campaigns.minDays', label: 'Shortest flight (days)', kind: 'integer' },
      { path: 'campaigns.maxDays', label: 'Longest flight (days)', kind: 'integer' },
      { path: 'campaigns.reach', label: 'Reach: share of the target audience exposed (0–1)', kind: 'number' },
      { path: 'campaigns.channels', label: 'Channel weights (0 drops a channel)', kind: 'weights' },
      { path: 'responses.baseRate', label: 'Response rate per exposure (0–1, scaled by propensity)', kind: 'number' },
      {
        path: 'responses.baseRateMax',
        label: 'Response rate range: highest per campaign (empty: every campaign uses the rate above)',
        kind: 'number',
        optional: true,
      },
      {
        path: 'responses.attributionModel',
        label: 'Attribution model',
        kind: 'choice',
        choices: ATTRIBUTION_MODELS,
      },
    ],
  },
  {
    id: 'output',
    title: 'Output & destination',
    fields: [
      { path: 'dest.kind', label: 'Destination of the drop', kind: 'choice', choices: DESTINATIONS },
      {
        path: 'dest.location',
        label: 'Location (a folder, s3://bucket/prefix or /Volumes/<catalog>/<schema>/<volume>/<path>)',
        kind: 'text',
      },
      { path: 'dest.catalog', label: 'Databricks catalog (empty: no Databricks load)', kind: 'text', optional: true },
      { path: 'dest.schema', label: 'Databricks schema', kind: 'text', optional: true },
    ],
  },
];
