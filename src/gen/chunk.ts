import { writeAudience, writeViewership } from './audience.js';
import { writeCampaignActivity } from './campaign-activity.js';
import { writeCampaigns } from './campaigns.js';
import { ChunkOutput } from './chunk-output.js';
import { type GenContext, householdId, individualId } from './context.js';
import { writeCoreTables } from './core-tables.js';
import { writeEngagements } from './engagements.js';
import { pickPlace } from './geo.js';
import { movedPlace } from './continue/churn.js';
import { writePathActivity } from './continue/paths.js';
import { generateHousehold } from './people.js';
import type { Identifier } from './identifiers.js';
import { DiscardOutput, rollingSummary, rollingWindow } from './continue/rolling.js';
import { PersonDays } from './continue/step-audience.js';
import { noteRecompute } from './continue/recompute-time.js';
import { baseReaches, baseTap, replayBasePaths, writeBasePaths } from './continue/base-paths.js';
import type { PathStateReader, PathStateWriter } from './continue/path-state.js';
import { ASPECT, Rng } from './rng.js';
import { personBehaviour } from './tastes.js';
import { zoneOfState } from './time-zones.js';

/** The base's campaign paths saved with a drop for the next increment (src/gen/continue/path-state.ts). */
export interface ChunkPathState {
  /** The parent's saved paths for this chunk: read instead of replaying the base. */
  from?: PathStateReader;
  /** Where this drop saves them. */
  to?: PathStateWriter;
  /** People whose base paths were read from `from`, and those replayed (no record for them). */
  read: number;
  replayed: number;
}

/**
 * All rows of every table for households [first, first + count). Each household and person draws
 * from its own streams, so a chunk's output depends on nothing but the config and the range.
 * The global campaigns table goes with the chunk holding household 0 (so exactly one shard writes it).
 */
export function generateChunk(
  ctx: GenContext,
  first: number,
  count: number,
  onHousehold?: () => void,
  paths?: ChunkPathState,
): ChunkOutput {
  const out = new ChunkOutput();
  const behaviour = ctx.config.output.tables === 'all';
  // Running campaigns go again (unchanged) so an increment's exposures find their campaign in it.
  if (first === 0 && behaviour) writeCampaigns(out, [...ctx.running, ...ctx.campaigns]);
  const rolling = behaviour ? rollingWindow(ctx) : undefined;
  const scratch = new DiscardOutput();
  // Earlier drops' audience rows, rebuilt per person from daily counts (src/gen/continue/step-audience.ts).
  const personDays = rolling?.needsHistory ? new PersonDays(rolling) : undefined;
  for (let index = first; index < first + count; index++) {
    const hhId = householdId(index);
    // Timed only in an increment, apart from its own days' work (recompute-time.ts): the household
    // drawn again, then its entity upserts.
    let t0 = ctx.lineage ? performance.now() : 0;
    const rng = Rng.for(ctx.seedW, ASPECT.household, index);
    const hh = generateHousehold(rng, ctx.config, ctx.people, pickPlace(ctx.geo, rng));
    const moved = movedPlace(ctx, index, hh.place);
    hh.place = moved.place;
    const history: Identifier[][][] | undefined = rolling ? [] : undefined;
    if (ctx.lineage) t0 = noteRecompute('peopleMs', t0);
    const identifiers = writeCoreTables(ctx, out, hhId, hh, moved.movedNow, history);
    if (ctx.lineage) noteRecompute('entityUpsertsMs', t0);
    onHousehold?.();
    if (!behaviour) continue;
    const householdIncome = hh.people.reduce((a, p) => a + Math.max(0, p.incomeCents), 0);
    const zone = zoneOfState(ctx.geo.stateCode[hh.place]);
    for (const person of hh.people) {
      const personId = individualId(hhId, person.index);
      const tp = ctx.lineage ? performance.now() : 0;
      const { tastes, ratePerDay, activeUntil } = personBehaviour(ctx, personId, person, hh.people.length);
      if (ctx.lineage) noteRecompute('peopleMs', tp);
      // An increment longer than the rolling window (a 30-day increment after a 7-day base): its
      // derived rows count only the window's last `rolling.days`, as validate reads them
      // (src/validate/latest-window.ts); its paths still see all its events (ownEvents).
      let ownEvents = 0;
      const clipped = rolling && rolling.startMicros > ctx.window.startMicros;
      const summary = writeEngagements(ctx, Rng.for(ctx.eventSeedW, ASPECT.engagement, personId), out, {
        personId,
        tastes,
        ratePerDay,
        activeUntil,
        identifiers: identifiers[person.index],
        zone,
        ...(clipped ? { countFrom: rolling.startMicros, onEvent: () => ownEvents++ } : {}),
      });
      if (!clipped) ownEvents = summary.total;
      // An increment's derived tables cover its rolling window (src/gen/continue/rolling.ts); the
      // replay also counts the days that earlier drops' audience rows covered (step-audience.ts).
      personDays?.reset();
      // Timed only in an increment (recompute-time.ts): the recompute is what issue 13 allows on top of 7/90.
      let t = rolling ? performance.now() : 0;
      const derived = rolling
        ? rollingSummary(
            rolling,
            scratch,
            person,
            hh.people.length,
            { personId },
            history![person.index],
            moved.byStep,
            summary,
            personDays?.record,
          )
        : summary;
      if (rolling) t = noteRecompute('replayEngagementsMs', t);
      const days = rolling?.days ?? ctx.window.days;
      writeViewership(ctx, out, personId, derived, days);
      const audience = writeAudience(
        ctx,
        Rng.for(ctx.eventSeedW, ASPECT.audience, personId),
        out,
        personId,
        person,
        householdIncome,
        tastes,
        derived,
        days,
      );
      if (rolling) t = noteRecompute('derivedRowsMs', t);
      // An increment's paths span drops (src/gen/continue/paths.ts); a base's lie in it.
      if (ctx.lineage) {
        const now = ctx.lineage.sequence;
        const byStep: (Identifier[] | undefined)[] = [...history![person.index]];
        byStep[now] = identifiers[person.index];
        const born = byStep.findIndex((ids) => ids !== undefined);
        t = performance.now();
        const past = personDays?.audiences(scratch, personId, person, householdIncome, tastes, born) ?? {
          audiences: [],
          engagements: [],
        };
        noteRecompute('replayEngagementsMs', t);
        past.audiences[now] = audience;
        past.engagements[now] = ownEvents;
        const pathPerson = {
          personId,
          incomeCents: Math.max(person.incomeCents, householdIncome / 3),
          born,
          identifiersByStep: byStep,
          placeByStep: moved.byStep,
          ...past,
        };
        writePathActivity(ctx, out, pathPerson);
        // Late responses to the base's exposures (src/gen/continue/base-paths.ts).
        const base = rolling?.steps[0];
        if (personDays && born === 0 && base?.sequence === 0 && baseReaches(ctx)) {
          t = performance.now();
          const w = base.ctx.window;
          const baseZone = zoneOfState(ctx.geo.stateCode[moved.byStep[0]]);
          let replay = paths?.from?.take(personId);
          if (replay) paths!.read++;
          else {
            replay = replayBasePaths(
              base.ctx,
              ctx,
              scratch,
              { personId, person, householdIncome, tastes },
              byStep[0]!,
              baseZone,
              personDays.summary(w.startMicros, w.endMicros),
            );
            if (paths) paths.replayed++;
          }
          // Saved again for the next increment, which may still need it.
          paths?.to?.record(personId, replay);
          noteRecompute('replayCampaignsMs', t);
          // Not recompute: it delivers exposures and responses (append tables) and their paths' outcomes.
          writeBasePaths(ctx, out, pathPerson, baseZone, replay);
        }
      } else {
        // The base saves what its paths leave for the increments (src/gen/continue/path-state.ts).
        const keep = paths?.to ? baseTap(audience) : undefined;
        writeCampaignActivity(
          ctx,
          Rng.for(ctx.eventSeedW, ASPECT.exposure, personId),
          out,
          personId,
          audience,
          identifiers[person.index],
          Math.max(person.incomeCents, householdIncome / 3),
          zone,
          summary.total,
          keep?.tap,
        );
        if (keep) paths!.to!.record(personId, keep.result());
      }
    }
  }
  return out;
}
