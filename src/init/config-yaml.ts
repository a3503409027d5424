import { Document, isMap, isPair, isScalar, type Pair, type YAMLMap } from 'yaml';
import type { RunConfig } from '../config/schema.js';

/** One line per setting, written above it so the file explains itself. */
const NOTES: Record<string, string> = {
  seed: 'same seed + same config => byte-identical files',
  households: 'households to generate (people, identifiers, events… scale with it)',
  asOf: 'created_at / computed_at of every row (the data never reads the clock)',
  window: 'event window: last day (inclusive, UTC) and length as Nd, Nw, Nm or Ny',
  household: 'household size ~ normal(sizeMean, sizeSd) rounded and clipped to sizeMin..sizeMax',
  'household.incomeBrackets': 'weights, used as shares (they need not sum to 1)',
  'household.housingTypes': 'weights; the type is also shaped by household size and income',
  individual: 'ages minAge..maxAge (adults only: 18..100), in the US census age mix cut to that range',
  'individual.gender': 'weights, used as shares; employment follows age',
  'individual.education':
    'attainment of adults 25+ (weights), tilted to degrees in high-income households, fewer among the young',
  identifiers: 'identifiers per person: at least min, at most max, with this mean',
  'identifiers.coverage': 'share of people holding at least one identifier of each type (0..1 each)',
  'identifiers.inactiveShare': 'share of identifiers not seen recently (active = false)',
  engagement: 'content engagement events',
  'engagement.perPersonPerDay': 'mean events per person per day',
  'engagement.activitySigma': 'log-normal spread of per-person activity (higher = longer heavy-user tail)',
  'engagement.seasonality': 'amplitude of the yearly cycle (0 = none)',
  'engagement.catalogSize': 'distinct content items',
  'engagement.popularitySkew': 'Zipf exponent of content popularity within a category',
  'engagement.categories': 'share of engagement per content category (weights), before personal tastes',
  'engagement.types': 'engagement-type mix (weights: view, click, share, like, comment)',
  'engagement.sessionGapMinutes': 'a pause longer than this starts a new session',
  audience: 'frequency_daily_avg >= heavyPerDay: Heavy User; >= moderatePerDay: Moderate; none in churnDays: Churned',
  campaigns:
    'campaign flights of minDays..maxDays, running through the window (a base also carries in those running on its first day)',
  'campaigns.reach': 'share of the target audience exposed at least once',
  'campaigns.offTargetShare': 'share of exposures outside the target segments',
  'campaigns.cpm': 'cost per thousand exposures, USD, per channel',
  'campaigns.channels': "relative channel weights on each goal's mix (equal = the built-in mix, 0 drops a channel)",
  responses: 'responses per exposure: baseRate scaled by propensity, channel and goal',
  'responses.baseRateMax': 'when set, each campaign draws its base rate from baseRate..baseRateMax',
  'responses.attributionModel': 'first_touch | last_touch | linear | time_decay',
  'responses.decayHalfLifeHours': 'half-life of the time_decay model',
  output: 'Parquet layout (chunkHouseholds changes the bytes; workers and block size do not)',
  'output.tables': 'all | core (households, individuals, identity_mappings only)',
};

/** Flow style for small maps of numbers (weights), block style for sections. */
function annotate(map: YAMLMap, prefix: string, top: boolean): void {
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const pair = item as Pair<{ value: unknown; commentBefore?: string | null; spaceBefore?: boolean }, unknown>;
    const path = prefix ? `${prefix}.${String(pair.key.value)}` : String(pair.key.value);
    const note = NOTES[path];
    if (note) pair.key.commentBefore = ` ${note}`;
    if (top && isMap(pair.value)) pair.key.spaceBefore = true;
    if (isMap(pair.value)) {
      const leafMap = pair.value.items.every((i) => isPair(i) && isScalar(i.value));
      if (leafMap && !top) pair.value.flow = true;
      else annotate(pair.value, path, false);
    }
  }
}

/** The full config (every setting, defaults included) as YAML with a note above each one. */
export function configYaml(config: RunConfig, header: string[]): string {
  const doc = new Document(config);
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  annotate(doc.contents as YAMLMap, '', true);
  return doc.toString({ lineWidth: 0 });
}
