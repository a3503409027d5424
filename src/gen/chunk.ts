import { writeAudience, writeViewership } from './audience.js';
import { writeCampaignActivity } from './campaign-activity.js';
import { writeCampaigns } from './campaigns.js';
import { ChunkOutput } from './chunk-output.js';
import { type GenContext, householdId, individualId } from './context.js';
import { writeCoreTables } from './core-tables.js';
import { writeEngagements } from './engagements.js';
import { pickPlace } from './geo.js';
import { movedPlace } from './continue/churn.js';
import { generateHousehold } from './people.js';
import { ASPECT, Rng } from './rng.js';
import { drawActivity, drawTastes } from './tastes.js';
import { zoneOfState } from './time-zones.js';

/**
 * All rows of every table for households [first, first + count). Each household and person draws
 * from its own streams, so a chunk's output depends on nothing but the config and the range.
 * The global campaigns table goes with the chunk holding household 0 (so exactly one shard writes it).
 */
export function generateChunk(ctx: GenContext, first: number, count: number, onHousehold?: () => void): ChunkOutput {
  const out = new ChunkOutput();
  const behaviour = ctx.config.output.tables === 'all';
  if (first === 0 && behaviour) writeCampaigns(out, ctx.campaigns);
  for (let index = first; index < first + count; index++) {
    const hhId = householdId(index);
    const rng = Rng.for(ctx.seedW, ASPECT.household, index);
    const hh = generateHousehold(rng, ctx.config, ctx.people, pickPlace(ctx.geo, rng));
    hh.place = movedPlace(ctx, index, hh.place);
    const identifiers = writeCoreTables(ctx, out, hhId, hh);
    onHousehold?.();
    if (!behaviour) continue;
    const householdIncome = hh.people.reduce((a, p) => a + Math.max(0, p.incomeCents), 0);
    const zone = zoneOfState(ctx.geo.stateCode[hh.place]);
    for (const person of hh.people) {
      const personId = individualId(hhId, person.index);
      const types = identifiers[person.index].map((i) => i.type);
      const tasteRng = Rng.for(ctx.seedW, ASPECT.tastes, personId);
      const tastes = drawTastes(tasteRng, person, hh.people.length);
      const { ratePerDay, activeUntil } = drawActivity(ctx, tasteRng, person);
      const summary = writeEngagements(ctx, Rng.for(ctx.eventSeedW, ASPECT.engagement, personId), out, {
        personId,
        tastes,
        ratePerDay,
        activeUntil,
        identifiers: identifiers[person.index],
        zone,
      });
      writeViewership(ctx, out, personId, summary);
      const audience = writeAudience(
        ctx,
        Rng.for(ctx.eventSeedW, ASPECT.audience, personId),
        out,
        personId,
        person,
        householdIncome,
        tastes,
        summary,
      );
      writeCampaignActivity(
        ctx,
        Rng.for(ctx.eventSeedW, ASPECT.exposure, personId),
        out,
        personId,
        audience,
        types,
        Math.max(person.incomeCents, householdIncome / 3),
        zone,
        summary.total,
      );
    }
  }
  return out;
}
