import type { RunConfig } from '../config/schema.js';
import { GENDERS, IDENTIFIER_TYPES, INCOME_BRACKETS } from '../schema/domains.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import { type FigureRule, type Rule, shareTolerance } from './rule.js';

/** Expected mean of round(N(μ, σ)) clipped to [lo, hi], by summing the normal's mass per integer. */
function clippedRoundedMean(mean: number, sd: number, lo: number, hi: number): number {
  if (sd === 0) return Math.max(lo, Math.min(hi, Math.round(mean)));
  const cdf = (x: number) => 0.5 * (1 + erf((x - mean) / (sd * Math.SQRT2)));
  let m = 0;
  for (let k = lo; k <= hi; k++) m += k * ((k === hi ? 1 : cdf(k + 0.5)) - (k === lo ? 0 : cdf(k - 0.5)));
  return m;
}

export function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26, |error| < 1.5e-7.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

const normalise = (w: Record<string, number>) => {
  const total = Object.values(w).reduce((a, b) => a + b, 0);
  return (k: string) => w[k] / total;
};

/**
 * The configured distributions (recorded in the manifest) checked against the data, with
 * tolerances that shrink with sample size, plus the correlations a uniform generator would lack.
 */
export function distributionRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const rules: Rule[] = [];
  const T = d.qualify;
  const quoteLiteral = d.literal;
  const tsCol = d.ident('timestamp');
  const h = config.household;
  const sizeMean = clippedRoundedMean(h.sizeMean, h.sizeSd, h.sizeMin, h.sizeMax);
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
  });
  const share = (
    id: string,
    table: string,
    label: string,
    p: number,
    where: string,
    over = `FROM ${T(table)}`,
  ): FigureRule => ({
    id,
    table,
    kind: 'figure',
    description: `${label} ≈ ${(p * 100).toFixed(1)}%`,
    sql: `SELECT avg(CASE WHEN ${where} THEN 1.0 ELSE 0 END) AS figure, count(*) AS n ${over}`,
    expect: (n) => [p - shareTolerance(p, n), p + shareTolerance(p, n)],
  });
  const bracket = normalise(h.incomeBrackets);
  for (const b of INCOME_BRACKETS)
    rules.push(
      share(
        `households.income_${b}`,
        'households',
        `share of income_bracket ${b}`,
        bracket(b),
        `income_bracket = ${quoteLiteral(b)}`,
      ),
    );
  const gender = normalise(config.individual.gender);
  for (const g of GENDERS)
    rules.push(
      share(`individuals.gender_${g}`, 'individuals', `share of gender ${g}`, gender(g), `gender = ${quoteLiteral(g)}`),
    );
  // Cookie and device ids also top people up to the minimum count, so only a floor applies to them.
  for (const t of IDENTIFIER_TYPES) {
    const p = config.identifiers.coverage[t];
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
  }

  const correlation = (id: string, table: string, description: string, sql: string, min: number): Rule => ({
    id,
    table,
    kind: 'figure',
    description,
    sql,
    expect: () => [min, Infinity],
  });
  rules.push(
    correlation(
      'individuals.income_rises_with_age',
      'individuals',
      'mean income of 45–64 year-olds ÷ of 18–24 year-olds > 1.5 (income skews older)',
      `SELECT ${d.aggFilter('avg(income_individual)', 'age BETWEEN 45 AND 64')} / ${d.aggFilter('avg(income_individual)', 'age BETWEEN 18 AND 24')} AS figure, count(*) AS n FROM ${T('individuals')}`,
      1.5,
    ),
    correlation(
      'individuals.income_rises_with_education',
      'individuals',
      'mean income with a degree ÷ without > 1.3',
      `SELECT ${d.aggFilter('avg(income_individual)', "education_level IN ('Bachelor', 'Master', 'Doctorate')")} / ${d.aggFilter('avg(income_individual)', "education_level IN ('High School', 'Some College')")} AS figure, count(*) AS n FROM ${T('individuals')}`,
      1.3,
    ),
    correlation(
      'content_engagements.diurnal_cycle',
      'content_engagements',
      'busiest UTC hour ÷ quietest > 2 (diurnal cycle)',
      `SELECT max(c) / min(c) AS figure, sum(c) AS n FROM (SELECT hour(${tsCol}) h, count(*)::DOUBLE c FROM ${T('content_engagements')} GROUP BY 1)`,
      2,
    ),
    correlation(
      'content_engagements.weekly_cycle',
      'content_engagements',
      'mean weekend day ÷ mean weekday > 1.1 (weekly cycle)',
      `SELECT (${d.aggFilter('count(*)', `dayofweek(${tsCol}) IN ${d.weekendDays}`)} / 2.0) / (${d.aggFilter('count(*)', `dayofweek(${tsCol}) NOT IN ${d.weekendDays}`)} / 5.0) AS figure, count(*) AS n FROM ${T('content_engagements')}`,
      1.1,
    ),
    correlation(
      'content_engagements.activity_skew',
      'content_engagements',
      'top 10% of people make > 30% of engagements (heavy-tailed activity)',
      `SELECT ${d.aggFilter('sum(n)', 'r <= 0.1')} / sum(n) AS figure, count(*) AS n FROM (SELECT count(*) n, percent_rank() OVER (ORDER BY count(*) DESC) r FROM ${T('content_engagements')} GROUP BY individual_id)`,
      0.3,
    ),
    correlation(
      'response_events.propensity_drives_response',
      'response_events',
      'responses per exposure, top propensity quartile ÷ bottom > 1.5',
      `SELECT (${d.aggFilter('sum(r)', 'q = 4')} / ${d.aggFilter('sum(e)', 'q = 4')}) / (${d.aggFilter('sum(r)', 'q = 1')} / ${d.aggFilter('sum(e)', 'q = 1')}) AS figure, sum(e) AS n FROM (
         SELECT a.individual_id, ntile(4) OVER (ORDER BY a.propensity_to_convert) q,
           (SELECT count(*) FROM ${T('campaign_exposures')} e WHERE e.individual_id = a.individual_id)::DOUBLE e,
           (SELECT count(*) FROM ${T('response_events')} r WHERE r.individual_id = a.individual_id)::DOUBLE r
         FROM ${T('audience_attributes')} a)`,
      1.5,
    ),
    correlation(
      'campaign_exposures.on_target',
      'campaign_exposures',
      'share of exposures to people in a target segment > 0.6',
      `SELECT avg(CASE WHEN ${d.hasAny('c.target_segment', d.prepend('a.segment_primary', `coalesce(a.segment_secondary, ${d.emptyStringList})`))} THEN 1.0 ELSE 0 END) AS figure, count(*) AS n
       FROM ${T('campaign_exposures')} e JOIN ${T('campaigns')} c USING (campaign_id) JOIN ${T('audience_attributes')} a USING (individual_id)`,
      0.6,
    ),
  );
  return rules;
}
