import { ageRange, coversAges, isFullAgeRange } from '../config/age-range.js';
import type { RunConfig } from '../config/schema.js';
import { expectedAgeMix } from '../gen/age-mix.js';
import { AGE_BUCKETS, DEGREE_BY_BRACKET } from '../gen/demographics.js';
import { expectedHousing, sizeProbabilities } from '../gen/household-mix.js';
import { HOUSING_TYPES } from '../schema/domains.js';
import { normaliseWeights } from '../config/weights.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import { type Rule, shareMinN, shareRule } from './rule.js';

const DEGREES = "('Bachelor', 'Master', 'Doctorate')";

/**
 * Households and individuals: the published marginals they must reproduce (ACS 2022) and the
 * correlations between them. Expectations are computed from the config with the generator's own
 * closed forms (src/gen/age-mix.ts, household-mix.ts), so a valid config cannot break them.
 */
export function peopleRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const T = d.qualify;
  const share = shareRule(d);
  const rules: Rule[] = [];

  const ages = expectedAgeMix(config);
  const [minAge, maxAge] = ageRange(config);
  // The full range is the data model's CHECK (a registry rule); a narrower one is checked from the config.
  if (!isFullAgeRange(config))
    rules.push({
      id: 'individuals.age_range',
      table: 'individuals',
      kind: 'violations',
      description: `age within individual.minAge..maxAge (${minAge}..${maxAge})`,
      sql: `SELECT individual_id AS id FROM ${T('individuals')} WHERE age NOT BETWEEN ${minAge} AND ${maxAge}`,
    });
  const ageSource = isFullAgeRange(config)
    ? 'US adults by age, Census ACS 2022 table S0101, as far as household sizes allow'
    : `US adults by age, Census ACS 2022 table S0101, within individual.minAge..maxAge ${minAge}..${maxAge}, as far as household sizes allow`;
  AGE_BUCKETS.forEach(([from, to], i) => {
    const label = to >= 100 ? `${from}+` : `${from}–${to}`;
    rules.push(
      share(
        `individuals.age_${label.replace('–', '_').replace('+', '_plus')}`,
        'individuals',
        `share of individuals aged ${label}`,
        ages[i],
        `age BETWEEN ${from} AND ${to}`,
        undefined,
        ageSource,
      ),
    );
  });

  const sizes = sizeProbabilities(config.household);
  const h = config.household;
  for (let k = 1; k <= 6; k++) {
    const p = k < 6 ? sizes[k] : sizes.slice(6).reduce((a, b) => a + b, 0);
    rules.push(
      share(
        `households.size_${k < 6 ? k : '6_plus'}`,
        'households',
        `share of households of size ${k < 6 ? k : '6+'}`,
        p,
        k < 6 ? `household_size = ${k}` : 'household_size >= 6',
        undefined,
        `household.sizeMean ${h.sizeMean}, sizeSd ${h.sizeSd} rounded and clipped to ${h.sizeMin}..${h.sizeMax}; the data model's normal(2.5, 1.2)`,
      ),
    );
  }

  const housing = expectedHousing(config);
  HOUSING_TYPES.forEach((t, i) => {
    rules.push(
      share(
        `households.housing_${t}`,
        'households',
        `share of households in a ${t}`,
        housing[i],
        `housing_type = ${d.literal(t)}`,
        undefined,
        'household.housingTypes (ACS 2022 units in structure), tilted to houses for large and high-income households',
      ),
    );
  });

  // Degrees among 25–64-year-olds: individual.education (default: ACS 2022 S1501), shifted by income.
  const education = normaliseWeights(config.individual.education);
  const brackets = Object.values(h.incomeBrackets);
  const total = brackets.reduce((a, b) => a + b, 0);
  const degreeBase = education.Bachelor + education.Master + education.Doctorate;
  const pDegree = brackets.reduce((sum, w, b) => {
    const m = DEGREE_BY_BRACKET[b];
    return sum + (w / total) * ((degreeBase * m) / (1 - degreeBase + degreeBase * m));
  }, 0);
  const degreeRule = share(
    'individuals.degree_share_25_64',
    'individuals',
    'share of 25–64-year-olds with a Bachelor or higher',
    pDegree,
    `education_level IN ${DEGREES}`,
    `FROM ${T('individuals')} WHERE age BETWEEN 25 AND 64`,
    `individual.education: ${(degreeBase * 100).toFixed(0)}% of adults 25+ (default: Census ACS 2022 S1501), more in high-income households`,
  );
  // Household brackets weight people unevenly (sizes and ages differ little by bracket): widen by 3 points.
  rules.push({
    ...degreeRule,
    expect: (n) => degreeRule.expect(n).map((x, i) => x + (i ? 0.03 : -0.03)) as [number, number],
  });

  rules.push({
    id: 'individuals.education_by_age',
    table: 'individuals',
    kind: 'figure',
    description:
      'share with a degree among 18–22-year-olds ÷ among 25–64-year-olds < 0.25: a Bachelor takes until about 22 (NCES: median age at bachelor completion ~23)',
    sql: `SELECT ${d.aggFilter(`avg(CASE WHEN education_level IN ${DEGREES} THEN 1.0 ELSE 0 END)`, 'age BETWEEN 18 AND 22')}
        / NULLIF(${d.aggFilter(`avg(CASE WHEN education_level IN ${DEGREES} THEN 1.0 ELSE 0 END)`, 'age BETWEEN 25 AND 64')}, 0) AS figure,
      ${d.aggFilter('count(*)', 'age BETWEEN 18 AND 22')} AS n FROM ${T('individuals')}`,
    expect: () => [0, 0.25],
    // ≥ 10 expected degree holders among the young if degrees ignored age (the mutation it must catch).
    minN: shareMinN(pDegree),
    ...(degreeBase === 0 && { skipWhen: 'individual.education gives degrees (Bachelor, Master, Doctorate) no weight' }),
    ...(!(coversAges(config, 18, 22) && coversAges(config, 25, 64)) && {
      skipWhen: `individual.minAge..maxAge (${minAge}..${maxAge}) leaves no 18–22 or no 25–64-year-olds to compare`,
    }),
  });
  // Employment follows age (BLS CPS): retirement before 50 is rare enough to be wrong in a synthetic
  // population, and most people past the full retirement age (67) have left the labour force.
  rules.push({
    id: 'individuals.no_retirees_under_50',
    table: 'individuals',
    kind: 'violations',
    description: "no one under 50 is 'Retired' (employment follows age)",
    sql: `SELECT individual_id AS id FROM ${T('individuals')} WHERE employment_status = 'Retired' AND age < 50`,
  });
  rules.push({
    id: 'individuals.retired_share_67_plus',
    table: 'individuals',
    kind: 'figure',
    description:
      "share 'Retired' among people 67+ ≥ 60% (BLS CPS 2023: about 19% of 65+ and 11% of 70+ are in the labour force)",
    sql: `SELECT avg(CASE WHEN employment_status = 'Retired' THEN 1.0 ELSE 0 END) AS figure, count(*) AS n
      FROM ${T('individuals')} WHERE age >= 67`,
    expect: () => [0.6, 1],
    minN: 30,
    ...(!coversAges(config, 67, 100) && {
      skipWhen: `individual.minAge..maxAge (${minAge}..${maxAge}) has no one aged 67 or more`,
    }),
  });
  return rules;
}
