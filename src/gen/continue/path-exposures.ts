import { MICROS_PER_DAY, MICROS_PER_HOUR, type TimeWindow } from '../../config/window.js';
import type { Audience } from '../audience.js';
import { channelIntensity, inFlight, liveChannel, TIME_TRIES } from '../campaign-activity.js';
import type { Campaign } from '../campaigns.js';
import type { GenContext } from '../context.js';
import { Rng } from '../rng.js';
import { type LocalTime, localToUtc, zoneOfState } from '../time-zones.js';
import type { PathPerson } from './paths.js';

/** A person's chance to be reached by campaign c given their audience row (as campaign-activity.ts draws it). */
export function reachOf(ctx: GenContext, c: Campaign, a: Audience): number {
  const cfg = ctx.config.campaigns;
  const onTarget = c.targets.some((t) => a.segments.includes(t));
  return (onTarget ? cfg.reach : cfg.reach * cfg.offTargetShare) * (a.classification === 3 ? 0.5 : 1);
}

/** One exposure of a path as drawn: its place `k` in the path, the drop `step` that delivers it. */
export interface DrawnExposure {
  k: number;
  micros: number;
  channel: number;
  step: number;
  zone: number;
  audience: Audience;
}

/**
 * The exposures of person p's path on campaign c over the drops `from`.. (increments' own
 * campaigns in paths.ts, base campaigns reaching people later in base-movers.ts): a drop whose
 * audience row reaches the person (u below its reach) holds its part of the flight's exposures,
 * at online hours, each through an identifier live at that moment, at most frequencyCap in all.
 * `stream` keeps each caller's draws its own; `make` numbers the exposure. In time order.
 */
export function drawPathExposures<T extends { id: number; micros: number }>(
  ctx: GenContext,
  windows: readonly TimeWindow[],
  c: Campaign,
  p: PathPerson,
  clock: LocalTime,
  from: number,
  u: number,
  stream: number,
  make: (d: DrawnExposure) => T,
): T[] {
  const cfg = ctx.config.campaigns;
  const flightDays = c.endDay - c.startDay + 1;
  const exposures: T[] = [];
  let k = 0;
  for (let s = from; s < windows.length && k < cfg.frequencyCap; s++) {
    const w = windows[s];
    const first = Math.max(c.startDay, Math.floor(w.startMicros / MICROS_PER_DAY));
    const last = Math.min(c.endDay, Math.floor(w.endMicros / MICROS_PER_DAY) - 1);
    const audience = p.audiences[s];
    const ids = p.identifiersByStep[s];
    if (first > last || !audience || !ids || u >= reachOf(ctx, c, audience)) continue;
    const intensity = channelIntensity(
      ids.map((i) => i.type),
      p.engagements[s],
      ctx.config.engagement.perPersonPerDay * w.days,
    );
    const weights = c.channels.map((ch) => intensity[ch]);
    const reachable = weights.filter((x) => x > 0);
    if (reachable.length === 0) continue;
    const rng = Rng.for(ctx.seedW, stream, p.personId, c.id * 1024 + 1 + s);
    const load = reachable.reduce((a, b) => a + b, 0) / reachable.length;
    const days = last - first + 1;
    const n = rng.poisson(((1 + (cfg.meanFrequency - 1) * load) * days) / flightDays);
    const zone = zoneOfState(ctx.geo.stateCode[p.placeByStep[s]]);
    for (let j = 0; j < n && k < cfg.frequencyCap; j++) {
      for (let attempt = 0; attempt < TIME_TRIES; attempt++) {
        const day = first + rng.int(days);
        const hours = rng.pickCumulative(ctx.hourWeights) + rng.int(3_600_000_000) / MICROS_PER_HOUR;
        const micros = inFlight(c, localToUtc(clock, zone, day, hours));
        // Decided by the drop whose window holds it, through an identifier seen at that moment.
        if (micros < w.startMicros || micros >= w.endMicros) continue;
        const channel = liveChannel(rng, c, weights, ids, micros);
        if (channel < 0) continue;
        exposures.push(make({ k, micros, channel, step: s, zone, audience }));
        k++;
        break;
      }
    }
  }
  return exposures.sort((a, b) => a.micros - b.micros || a.id - b.id);
}
