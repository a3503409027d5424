import { ChunkOutput } from './chunk-output.js';
import { type GenContext, householdId } from './context.js';
import { writeCoreTables } from './core-tables.js';
import { pickPlace } from './geo.js';
import { generateHousehold } from './people.js';
import { ASPECT, Rng } from './rng.js';

/**
 * All rows of every table for households [first, first + count). Each household draws from its
 * own streams, so a chunk's output depends on nothing but the config and the household range.
 */
export function generateChunk(ctx: GenContext, first: number, count: number): ChunkOutput {
  const out = new ChunkOutput();
  for (let index = first; index < first + count; index++) {
    const hhId = householdId(index);
    const rng = Rng.for(ctx.seedW, ASPECT.household, index);
    const hh = generateHousehold(rng, ctx.config, ctx.people, pickPlace(ctx.geo, rng));
    writeCoreTables(ctx, out, hhId, hh);
  }
  return out;
}
