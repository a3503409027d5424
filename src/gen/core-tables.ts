import {
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  GENDERS,
  HOUSING_TYPES,
  IDENTIFIER_TYPES,
  INCOME_BRACKETS,
} from '../schema/domains.js';
import type { ChunkOutput } from './chunk-output.js';
import { type GenContext, individualId, mappingId } from './context.js';
import { encodeAll } from './encode-domain.js';
import { type Identifier, identifierTypes, makeIdentifier } from './identifiers.js';
import type { Household, Person } from './people.js';
import type { TableBuilder } from '../write/table-builder.js';
import { birthWindow, bornNow, churnIdentifiers } from './continue/churn.js';
import { meanRecencyDays } from './observed-through.js';
import { ASPECT, Rng } from './rng.js';
import { personBehaviour } from './tastes.js';

const BRACKET = encodeAll(INCOME_BRACKETS);
const HOUSING = encodeAll(HOUSING_TYPES);
const GENDER = encodeAll(GENDERS);
const EDUCATION = encodeAll(EDUCATION_LEVELS);
const EMPLOYMENT = encodeAll(EMPLOYMENT_STATUSES);

/**
 * Writes one household's rows of the three core tables; returns each member's identifiers. An
 * increment delivers only what changed (these tables are upserts by primary key): a household
 * born or moved in it, the people of a new household, identifiers new, seen again or gone inactive.
 */
export function writeCoreTables(
  ctx: GenContext,
  out: ChunkOutput,
  hhId: number,
  hh: Household,
  movedNow = false,
  /** Filled per member: the identifiers as each earlier drop of the lineage had them. */
  history?: Identifier[][][],
): Identifier[][] {
  // In a lineage, rows keep the window and asOf of the drop that first created the household.
  const born = birthWindow(ctx, hhId - 1);
  const asOf = born.asOfMicros;
  const isNew = !ctx.lineage || bornNow(ctx, hhId - 1);
  if (isNew || movedNow) writeHousehold(ctx, out, hhId, hh, asOf);

  const ind = out.table('individuals').view(individualColumns);
  const ids = out.table('identity_mappings').view(mappingColumns);
  const all: Identifier[][] = [];
  for (const p of hh.people) {
    const personId = individualId(hhId, p.index);
    if (isNew) writeIndividual(ind, personId, hhId, p, asOf);
    const rng = Rng.for(ctx.seedW, ASPECT.identifiers, personId);
    const types = identifierTypes(rng, ctx.config, ctx.extraIdentifierRate);
    // How recently each id was seen follows how much its owner uses it.
    const recency = meanRecencyDays(types, personBehaviour(ctx, personId, p, hh.people.length).ratePerDay);
    const mine = types.map((type, k) =>
      makeIdentifier(
        rng,
        ctx.seedW,
        type,
        mappingId(personId, k),
        born,
        ctx.config.identifiers.inactiveShare,
        recency[k],
      ),
    );
    const byStep: Identifier[][] = [];
    const changed = churnIdentifiers(ctx, hhId - 1, personId, mine, recency, history ? byStep : undefined);
    history?.push(byStep);
    mine.forEach((id, k) => {
      if (!changed[k]) return;
      ids.mapping.push(mappingId(personId, k));
      ids.person.push(personId);
      ids.type.push(id.type);
      ids.value.push(id.value);
      ids.firstSeen.push(id.firstSeen);
      ids.lastSeen.push(id.lastSeen);
      ids.active.push(id.active);
    });
    all.push(mine);
  }
  return all;
}

/** Column handles looked up once per builder (TableBuilder.view), not once per row and column. */
const householdColumns = (b: TableBuilder) => ({
  id: b.int64('household_id'),
  city: b.utf8('location_city'),
  state: b.utf8('location_state'),
  zip: b.utf8('location_zip'),
  bracket: b.utf8('income_bracket'),
  size: b.int32('household_size'),
  housing: b.utf8('housing_type'),
  createdAt: b.int64('created_at'),
});

const individualColumns = (b: TableBuilder) => ({
  id: b.int64('individual_id'),
  household: b.int64('household_id'),
  age: b.int32('age'),
  gender: b.utf8('gender'),
  education: b.utf8('education_level'),
  employment: b.utf8('employment_status'),
  income: b.decimal('income_individual'),
  createdAt: b.int64('created_at'),
});

const mappingColumns = (b: TableBuilder) => ({
  mapping: b.int64('mapping_id'),
  person: b.int64('individual_id'),
  type: b.dict('identifier_type', IDENTIFIER_TYPES),
  value: b.utf8('identifier_value'),
  firstSeen: b.int64('first_seen'),
  lastSeen: b.int64('last_seen'),
  active: b.bool('active'),
});

function writeHousehold(ctx: GenContext, out: ChunkOutput, hhId: number, hh: Household, asOf: number): void {
  const h = out.table('households').view(householdColumns);
  h.id.push(hhId);
  h.city.pushBytes(ctx.geo.city[hh.place]);
  h.state.pushBytes(ctx.geo.state[hh.place]);
  h.zip.pushBytes(ctx.geo.zip[hh.place]);
  h.bracket.pushBytes(BRACKET[hh.bracket]);
  h.size.push(hh.people.length);
  h.housing.pushBytes(HOUSING[hh.housing]);
  h.createdAt.push(asOf);
}

function writeIndividual(
  ind: ReturnType<typeof individualColumns>,
  personId: number,
  hhId: number,
  p: Person,
  asOf: number,
): void {
  ind.id.push(personId);
  ind.household.push(hhId);
  ind.age.push(p.age);
  ind.gender.pushBytes(GENDER[p.gender]);
  ind.education.pushBytes(EDUCATION[p.education]);
  ind.employment.pushBytes(EMPLOYMENT[p.employment]);
  if (p.incomeCents < 0) ind.income.pushNull();
  else ind.income.pushUnscaled(p.incomeCents);
  ind.createdAt.push(asOf);
}
