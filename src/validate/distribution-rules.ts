import { ageRange } from '../config/age-range.js';
import type { RunConfig } from '../config/schema.js';
import { expectedAgeMix } from '../gen/age-mix.js';
import { EDUCATION_MIN_AGE } from '../gen/demographics.js';
import { ENGAGEMENT_TYPES, GENDERS, IDENTIFIER_TYPES, INCOME_BRACKETS } from '../schema/domains.js';
import { expectedCoverage } from '../gen/identifier-count.js';
import { sizeMean as expectedSizeMean } from '../gen/household-mix.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import { timeWindow } from '../config/window.js';
import { normaliseWeights } from '../config/weights.js';
import { type Rule, shareRule, shareTolerance } from './rule.js';
import { engagementsByHour, engagementsByPerson, engagementsByType, reading, sharedRef } from './shared-aggregates.js';
import { peopleSubset } from './subset.js';

/**
 * The configured distributions (recorded in the manifest) checked against the data, with
 * tolerances that shrink with sample size, plus the correlations a uniform generator would lack.
 */
export function distributionRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const rules: Rule[] = [];
  const T = d.qualify;
  const quoteLiteral = d.literal;
  const h = config.household;
  const sizeMean = expectedSizeMean(h);
  rules.push({
    id: 'households.size_mean',
    table: 'households',
    kind: 'figure',
    description: `mean household_size ≈ ${sizeMean.toFixed(2)} (normal ${h.sizeMean}, σ ${h.sizeSd}, clipped ${h.sizeMin}..${h.sizeMax})`,
    sql: `SELECT avg(household_size) AS figure, count(*) AS n FROM ${T('households')}`,
    expect: (n) => {
      const tol = (4 * h.sizeSd) / Math.sqrt(Math.max(1, n)) + 0.02;
      return [sizeMean - tol, sizeMean + tol];
    },
    // Judged once the 4σ/√n band is within ±10% of the mean (and n ≥ 30 for the normal approximation).
    minN: Math.max(30, Math.ceil(((4 * h.sizeSd) / (0.1 * sizeMean)) ** 2)),
  });
  const share = shareRule(d);
  const bracket = normaliseWeights(h.incomeBrackets);
  for (const b of INCOME_BRACKETS)
    rules.push(
      share(
        `households.income_${b}`,
        'households',
        `share of income_bracket ${b}`,
        bracket[b],
        `income_bracket = ${quoteLiteral(b)}`,
      ),
    );
  const gender = normaliseWeights(config.individual.gender);
  for (const g of GENDERS)
    rules.push(
      share(`individuals.gender_${g}`, 'individuals', `share of gender ${g}`, gender[g], `gender = ${quoteLiteral(g)}`),
    );
  // Each event's type is an independent draw from engagement.types: a plain share per type, all
  // five read from one count per type (shared-aggregates.ts); NULL types count in n, as in avg(CASE …).
  const types = normaliseWeights(config.engagement.types);
  const byType = engagementsByType(d);
  for (const t of ENGAGEMENT_TYPES) {
    const rule = share(
      `content_engagements.type_${t}`,
      'content_engagements',
      `share of engagement_type ${t}`,
      types[t],
      `engagement_type = ${quoteLiteral(t)}`,
      undefined,
      'engagement.types',
    );
    rules.push(
      reading(
        {
          ...rule,
          sql: `SELECT CAST(coalesce(${d.aggFilter('sum(c)', `engagement_type = ${quoteLiteral(t)}`)}, 0) AS DOUBLE) / sum(c) AS figure, coalesce(sum(c), 0) AS n FROM ${sharedRef(byType)} b`,
        },
        byType,
      ),
    );
  }
  // Cookie and device ids also top people up to the minimum count, so only a floor applies to them.
  const coverage = expectedCoverage(config.identifiers);
  IDENTIFIER_TYPES.forEach((t, i) => {
    // The configured coverage, less what the cut to identifiers.max drops (src/gen/identifier-count.ts).
    const p = coverage[i];
    const rule = share(
      `identity_mappings.coverage_${t}`,
      'identity_mappings',
      `share of individuals with a ${t}`,
      p,
      `individual_id IN (SELECT individual_id FROM ${T('identity_mappings')} WHERE identifier_type = ${quoteLiteral(t)})`,
      `FROM ${T('individuals')}`,
    );
    if (t === 'cookie_id' || t === 'device_id')
      rules.push({
        ...rule,
        description: `${rule.description} (or more: minimum top-ups)`,
        expect: (n) => [p - shareTolerance(p, n), 1],
      });
    else rules.push(rule);
  });

  /** A threshold a uniform generator would miss; `minN` says how many units make the figure stable enough to judge. */
  const correlation = (
    id: string,
    table: string,
    description: string,
    sql: string,
    min: number,
    minN: number,
    skipWhen?: string,
  ): Rule => ({
    id,
    table,
    kind: 'figure',
    description,
    sql,
    expect: () => [min, Infinity],
    minN,
    ...(skipWhen ? { skipWhen } : {}),
  });
  // Engagements per UTC hour, computed once for the cycles (shared-aggregates.ts); a count of none is 0.
  // Estimates over a subset of people at scale (subset.ts): the cycles and propensity vs response.
  const S = peopleSubset(config, d);
  const byHour = engagementsByHour(d, S);
  const countOf = (condition: string) => `coalesce(CAST(${d.aggFilter('sum(c)', condition)} AS BIGINT), 0)`;
  const days = timeWindow(config).days;
  // Campaigns draw their base rate from baseRate..baseRateMax (src/gen/campaign-activity.ts).
  const meanRate = (config.responses.baseRate + (config.responses.baseRateMax ?? config.responses.baseRate)) / 2;
  const shortWindow = days < 14 ? `window of ${days} days: a weekly cycle needs two whole weeks` : undefined;
  // Age and education shape income partly through the household's bracket (heads by bracket, degrees
  // by bracket): with nearly all households in one bracket the gradient the rules look for flattens.
  const topBracket = Math.max(...INCOME_BRACKETS.map((b) => bracket[b]));
  const narrowIncome =
    topBracket > 0.6
      ? `household.incomeBrackets puts ${(topBracket * 100).toFixed(0)}% in one bracket: too narrow an income mix to judge the gradient`
      : undefined;
  // The age range (individual.minAge..maxAge) may leave one of the compared groups empty.
  const [minAge, maxAge] = ageRange(config);
  const ageMix = expectedAgeMix(config);
  const youngOld = Math.min(ageMix[0], ageMix[3] + ageMix[4]); // 18–24, 45–64 (AGE_BUCKETS)
  const noYoungOrOld =
    youngOld > 0
      ? undefined
      : `individual.minAge..maxAge (${minAge}..${maxAge}) leaves no 18–24 or no 45–64-year-olds to compare`;
  const edu = config.individual.education;
  const noDegrees =
    maxAge < EDUCATION_MIN_AGE[2]
      ? `individual.maxAge ${maxAge}: nobody is old enough for a degree (${EDUCATION_MIN_AGE[2]}+)`
      : edu.Bachelor + edu.Master + edu.Doctorate === 0
        ? 'individual.education gives degrees (Bachelor, Master, Doctorate) no weight'
        : undefined;
  rules.push(
    correlation(
      'individuals.income_rises_with_age',
      'individuals',
      'median income of 45–64-year-olds ÷ of 18–24-year-olds > 1.5 (BLS, median weekly earnings by age: 45–54 ~1.8× 20–24); medians, because incomes are heavy-tailed',
      `SELECT ${d.aggFilter('median(income_individual)', 'age BETWEEN 45 AND 64')} / ${d.aggFilter('median(income_individual)', 'age BETWEEN 18 AND 24')} AS figure, count(*) AS n FROM ${T('individuals')}`,
      1.5,
      // ≥ 50 people in the smaller group (18–24: 12% of adults by default) before its median means anything.
      youngOld > 0 ? Math.ceil(50 / youngOld) : 1,
      narrowIncome ?? noYoungOrOld,
    ),
    correlation(
      'individuals.income_rises_with_education',
      'individuals',
      'median income with a degree ÷ without > 1.3 (BLS, median weekly earnings by attainment: Bachelor ~1.7× high school)',
      `SELECT ${d.aggFilter('median(income_individual)', "education_level IN ('Bachelor', 'Master', 'Doctorate')")} / ${d.aggFilter('median(income_individual)', "education_level IN ('High School', 'Some College')")} AS figure, count(*) AS n FROM ${T('individuals')}`,
      1.3,
      // ≥ 50 people in the smaller group (about a third of adults hold a degree).
      Math.ceil(50 / 0.3),
      narrowIncome ?? noDegrees,
    ),
    reading(
      correlation(
        'content_engagements.diurnal_cycle',
        'content_engagements',
        `busiest UTC hour ÷ quietest > 2 (diurnal cycle)${S.note}`,
        `SELECT max(c) / min(c) AS figure, sum(c) AS n FROM (SELECT ${d.utcHour('hour_start')} h, CAST(sum(c) AS DOUBLE) c FROM ${sharedRef(byHour)} b GROUP BY 1)`,
        2,
        // ≥ 100 expected events in the quietest hour (~0.5% of the day's activity): ±20% Poisson noise.
        20_000,
      ),
      byHour,
    ),
    reading(
      correlation(
        'content_engagements.weekly_cycle',
        'content_engagements',
        `mean weekend day ÷ mean weekday > 1.1 (weekly cycle)${S.note}`,
        `SELECT (${countOf(`${d.utcDayOfWeek('hour_start')} IN ${d.weekendDays}`)} / 2.0) / (${countOf(`${d.utcDayOfWeek('hour_start')} NOT IN ${d.weekendDays}`)} / 5.0) AS figure, coalesce(CAST(sum(c) AS BIGINT), 0) AS n FROM ${sharedRef(byHour)} b`,
        1.1,
        // ≥ 400 events per weekday (±10% at 2σ), below the weekend/weekday gap the rule looks for.
        7 * 400,
        shortWindow,
      ),
      byHour,
    ),
    reading(
      correlation(
        'content_engagements.activity_skew',
        'content_engagements',
        'top 10% of people make > 30% of engagements (heavy-tailed activity)',
        `SELECT ${d.aggFilter('sum(n)', 'r <= 0.1')} / sum(n) AS figure, count(*) AS n FROM (SELECT n, percent_rank() OVER (ORDER BY n DESC) r FROM ${sharedRef(engagementsByPerson(d))} c)`,
        0.3,
        // The top decile must hold ≥ 10 people.
        100,
      ),
      engagementsByPerson(d),
    ),
    // Counts per person are grouped once and joined (as volume_follows_activity): correlated
    // count subqueries made DuckDB group every person's rows per audience row. Ties in propensity
    // (256K people hold 186K distinct values at 100K households) go to quartiles by individual_id: without
    // it the figure changed from one run to the next with the order rows reached the window.
    correlation(
      'response_events.propensity_drives_response',
      'response_events',
      `responses per exposure, top propensity quartile ÷ bottom > 1.5${S.note}`,
      `SELECT (${d.aggFilter('sum(r)', 'q = 4')} / ${d.aggFilter('sum(e)', 'q = 4')}) / (${d.aggFilter('sum(r)', 'q = 1')} / ${d.aggFilter('sum(e)', 'q = 1')}) AS figure, sum(e) AS n FROM (
         SELECT a.individual_id, a.q, CAST(coalesce(e.n, 0) AS DOUBLE) e, CAST(coalesce(r.n, 0) AS DOUBLE) r
         FROM (SELECT individual_id, ntile(4) OVER (ORDER BY propensity_to_convert, individual_id) q FROM ${T('audience_attributes')}${S.where('individual_id')}) a
         LEFT JOIN (SELECT individual_id, count(*) AS n FROM ${T('campaign_exposures')}${S.where('individual_id')} GROUP BY individual_id) e ON e.individual_id = a.individual_id
         LEFT JOIN (SELECT individual_id, count(*) AS n FROM ${T('response_events')}${S.where('individual_id')} GROUP BY individual_id) r ON r.individual_id = a.individual_id)`,
      1.5,
      // ≥ 20 expected responses in the bottom quartile: a quarter of the exposures, answered at about
      // a third of the campaigns' mean base rate there (~2% at the default 0.06: n ≥ 4,000).
      meanRate > 0 ? Math.ceil((20 * 4 * 3) / meanRate) : 1,
      meanRate > 0
        ? undefined
        : 'responses.baseRate (and baseRateMax) 0: no campaign gets a response, nothing to compare',
    ),
  );
  return rules;
}
