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

  const ind = out.table('individuals');
  const ids = out.table('identity_mappings');
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
      ids.int64('mapping_id').push(mappingId(personId, k));
      ids.int64('individual_id').push(personId);
      ids.dict('identifier_type', IDENTIFIER_TYPES).push(id.type);
      ids.utf8('identifier_value').push(id.value);
      ids.int64('first_seen').push(id.firstSeen);
      ids.int64('last_seen').push(id.lastSeen);
      ids.bool('active').push(id.active);
    });
    all.push(mine);
  }
  return all;
}

function writeHousehold(ctx: GenContext, out: ChunkOutput, hhId: number, hh: Household, asOf: number): void {
  const h = out.table('households');
  h.int64('household_id').push(hhId);
  h.utf8('location_city').pushBytes(ctx.geo.city[hh.place]);
  h.utf8('location_state').pushBytes(ctx.geo.state[hh.place]);
  h.utf8('location_zip').pushBytes(ctx.geo.zip[hh.place]);
  h.utf8('income_bracket').pushBytes(BRACKET[hh.bracket]);
  h.int32('household_size').push(hh.people.length);
  h.utf8('housing_type').pushBytes(HOUSING[hh.housing]);
  h.int64('created_at').push(asOf);
}

function writeIndividual(ind: TableBuilder, personId: number, hhId: number, p: Person, asOf: number): void {
  ind.int64('individual_id').push(personId);
  ind.int64('household_id').push(hhId);
  ind.int32('age').push(p.age);
  ind.utf8('gender').pushBytes(GENDER[p.gender]);
  ind.utf8('education_level').pushBytes(EDUCATION[p.education]);
  ind.utf8('employment_status').pushBytes(EMPLOYMENT[p.employment]);
  if (p.incomeCents < 0) ind.decimal('income_individual').pushNull();
  else ind.decimal('income_individual').pushUnscaled(p.incomeCents);
  ind.int64('created_at').push(asOf);
}
