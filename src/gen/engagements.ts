import { MICROS_PER_DAY, epochDay } from '../config/window.js';
import { CONTENT_CATEGORIES, DEVICE_TYPES, ENGAGEMENT_TYPES } from '../schema/domains.js';
import { VIEW_SECONDS, VIEW_SIGMA } from './catalog.js';
import type { ChunkOutput } from './chunk-output.js';
import type { GenContext } from './context.js';
import type { Identifier } from './identifiers.js';
import { permute64 } from './identifier-values.js';
import { DEVICE_IDENTIFIER, DEVICE_USE, isLive } from './observed-through.js';
import { cumulativeInto, guideFor, pickGuidedPrefix, type Rng } from './rng.js';
import { localHour, localToUtc } from './time-zones.js';
import type { TableBuilder } from '../write/table-builder.js';
import { noteSeq } from '../lineage/high-water.js';

const MOBILE = 0,
  CTV = 3;
/** Lean-back categories (Entertainment, Sports, Kids, Gaming, Music) are watched on TVs far more. */
const CTV_AFFINITY = [0.5, 1.6, 1.8, 0.6, 0.3, 1.2, 0.6, 0.3, 1.3, 1.8];
const HEX = '0123456789abcdef';
const DEVICE_COUNT = DEVICE_TYPES.length;

/** Column builders looked up once per partition switch, not once per value (the hot loop). */
function engagementColumns(b: TableBuilder, contentIds: readonly string[]) {
  return {
    eventId: b.int64('event_id'),
    individualId: b.int64('individual_id'),
    contentId: b.dict('content_id', contentIds),
    category: b.dict('content_category', CONTENT_CATEGORIES),
    type: b.dict('engagement_type', ENGAGEMENT_TYPES),
    timestamp: b.int64('timestamp'),
    duration: b.int32('duration_seconds'),
    device: b.dict('device_type', DEVICE_TYPES),
    session: b.utf8('session_id'),
  };
}

type EngagementColumns = ReturnType<typeof engagementColumns>;
/**
 * Handles per builder, made once (not at every change of day). A WeakMap rather than
 * TableBuilder.view: a replay's DiscardOutput hands out a stand-in builder whose columns take
 * anything, and it has no views.
 */
const handles = new WeakMap<TableBuilder, EngagementColumns>();
function columnsOf(b: TableBuilder, contentIds: readonly string[]): EngagementColumns {
  let cols = handles.get(b);
  if (cols === undefined) {
    cols = engagementColumns(b, contentIds);
    handles.set(b, cols);
  }
  return cols;
}

/** What viewership_patterns and audience_attributes need from one person's engagements. */
export interface EngagementSummary {
  total: number;
  lastMicros: number;
  categoryCounts: Int32Array;
  deviceCounts: Int32Array;
  hourCounts: Int32Array;
}

export interface PersonActivity {
  personId: number;
  /** Latent taste per category (sums to 1). */
  tastes: Float64Array;
  /** Mean events per day while active. */
  ratePerDay: number;
  /** Events stop here (churned people stop early); UTC micros, exclusive. */
  activeUntil: number;
  /** The person's identifiers: an event on a device needs one of the device's kind seen at that moment. */
  identifiers: readonly Identifier[];
  /** Index into ZONES of the household's time zone. */
  zone: number;
  /**
   * Events before this instant are generated but left out of the summary: an increment replays
   * earlier drops' events and counts only those inside its rolling window (src/gen/continue/rolling.ts).
   */
  countFrom?: number;
  /** Told of every event (its time and category): an increment's replay keeps daily counts (src/gen/continue/step-audience.ts). */
  onEvent?: (micros: number, category: number) => void;
}

/**
 * Device weights at instant t: a device counts only while the person holds an identifier of its
 * kind that is seen at t (first_seen ≤ t ≤ last_seen), because an identity graph only knows an
 * event through an identifier. Written as cumulative weights into `out` (DEVICE_TYPES order,
 * summed in that order exactly as rng.cumulative does, so draws are unchanged) without
 * allocating: this runs once or twice per session. Returns the total; 0: the activity is not
 * observed at all.
 */
function liveDevices(ids: readonly Identifier[], t: number, out: Float64Array, skip = -1): number {
  let kinds = 0;
  for (let k = 0; k < ids.length; k++) if (isLive(ids[k], t)) kinds |= 1 << ids[k].type;
  let sum = 0;
  for (let d = 0; d < DEVICE_COUNT; d++) {
    if (d !== skip && kinds & (1 << DEVICE_IDENTIFIER[d])) sum += DEVICE_USE[d];
    out[d] = sum;
  }
  return sum;
}
/**
 * Until when the device is surely observed from instant t on: the latest last_seen among its
 * identifiers seen at t (−Infinity: none is, the device is not observed at t). A session's
 * events move forward in time, so while t stays at or below this no identifier needs checking
 * again: the one that ends there is seen from before t up to it.
 */
function aliveUntil(ids: readonly Identifier[], device: number, t: number): number {
  const kind = DEVICE_IDENTIFIER[device];
  let until = -Infinity;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    if (id.type === kind && isLive(id, t) && id.lastSeen > until) until = id.lastSeen;
  }
  return until;
}

/**
 * Scratch arrays reused by every person of this thread instead of allocated per person (typed
 * array allocations were a tenth of this function's time); each is filled before it is read.
 */
let startsScratch = new Float64Array(256);
const LIVE = new Float64Array(DEVICE_COUNT);
let tastesBuffer = new Float64Array(CONTENT_CATEGORIES.length);
/** Exactly `n` long: pickCumulative reads the total from the last entry. */
function tastesScratch(n: number): Float64Array {
  if (tastesBuffer.length !== n) tastesBuffer = new Float64Array(n);
  return tastesBuffer;
}

/**
 * Small zeroed counters carved from a shared slab: a view on an existing buffer costs far less
 * than a typed array of its own (above 64 bytes V8 allocates and tracks a backing store for
 * each), and every person needs three. A slab is freed once no summary holds a view on it.
 */
let slab = new Int32Array(16384);
let slabUsed = 0;
function zeroedInt32(n: number): Int32Array {
  if (slabUsed + n > slab.length) {
    slab = new Int32Array(slab.length);
    slabUsed = 0;
  }
  const view = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return view;
}

/**
 * Ascending, as TypedArray.prototype.sort (numbers here are whole microseconds, never NaN or
 * −0, so any correct sort gives the same array): an insertion sort for the few dozen sessions
 * most people have, which beats the native sort's call; many sessions go to the native sort.
 */
function sortStarts(a: Float64Array): void {
  if (a.length > 48) {
    a.sort();
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Session id bytes go here; pushBytes copies them, so one buffer serves every session. */
const SESSION_BYTES = new Uint8Array(16);

function sessionIdBytes(personId: number, session: number, key: number): Uint8Array {
  const [a, b] = permute64(personId * 4096 + session, key);
  const out = SESSION_BYTES;
  for (let i = 0; i < 8; i++) {
    out[i] = HEX.charCodeAt((a >>> (28 - 4 * i)) & 15);
    out[8 + i] = HEX.charCodeAt((b >>> (28 - 4 * i)) & 15);
  }
  return out;
}

/**
 * One person's content engagements, grouped into sessions that never overlap: session starts
 * follow the weekly, seasonal and diurnal curves; events inside a session follow each other
 * (a view lasts its duration). Rows go to the partition of their UTC day.
 */
export function writeEngagements(ctx: GenContext, rng: Rng, out: ChunkOutput, p: PersonActivity): EngagementSummary {
  const { window } = ctx;
  const summary: EngagementSummary = {
    total: 0,
    lastMicros: 0,
    categoryCounts: zeroedInt32(CONTENT_CATEGORIES.length),
    deviceCounts: zeroedInt32(DEVICE_TYPES.length),
    hourCounts: zeroedInt32(24),
  };
  const activeDays = Math.max(0, (p.activeUntil - window.startMicros) / MICROS_PER_DAY);
  const expected = p.ratePerDay * activeDays;
  const eventsPerSession = 2.6;
  const sessions = rng.poisson(expected / eventsPerSession);
  if (sessions === 0) return summary;

  // Session starts: a day by the day weights, then a local hour by the diurnal curve, in the
  // household's time zone on that day (DST included).
  if (startsScratch.length < sessions) startsScratch = new Float64Array(Math.max(sessions, 2 * startsScratch.length));
  const starts = startsScratch.subarray(0, sessions);
  const firstDay = Math.floor(window.startMicros / MICROS_PER_DAY);
  const lastDay = Math.min(ctx.dayWeights.length, Math.ceil(activeDays));
  // Guided picks (rng.ts): the same day and hour as pickCumulative on the arrays, fewer steps.
  const days = guideFor(ctx.dayWeights);
  const hours = guideFor(ctx.hourWeights);
  for (let s = 0; s < sessions; s++) {
    const day = pickGuidedPrefix(rng, days, lastDay);
    const localHour = rng.pickGuided(hours);
    starts[s] = localToUtc(ctx.localTime, p.zone, firstDay + day, localHour + rng.next());
  }
  sortStarts(starts);

  const tastes = cumulativeInto(p.tastes, tastesScratch(p.tastes.length));
  const live = LIVE;
  const gapMicros = ctx.config.engagement.sessionGapMinutes * 60_000_000;
  const sessionKey = ctx.eventSeedW ^ 0x5e55;
  let cursor = -Infinity;
  let cols: EngagementColumns | undefined;
  let builderDay = -1;
  // An increment numbers each person's events after the highest number the lineage used.
  let seq = ctx.lineage?.start.eventSeq ?? 0;
  const countFrom = p.countFrom;

  for (let s = 0; s < sessions; s++) {
    // A session starts no earlier than the previous one ended plus the session gap.
    let t = Math.max(starts[s], cursor + gapMicros);
    if (t >= p.activeUntil || t >= window.endMicros || t < window.startMicros) continue;
    const sessionBytes = sessionIdBytes(p.personId, s, sessionKey);
    const category = rng.pickCumulative(tastes);
    if (liveDevices(p.identifiers, t, live) === 0) continue;
    let device = rng.pickCumulative(live);
    // TV viewing concentrates on lean-back categories; otherwise another live device.
    if (device === CTV && rng.next() > CTV_AFFINITY[category] / 1.8) {
      if (liveDevices(p.identifiers, t, live, CTV) > 0) device = rng.pickCumulative(live);
    }
    const length = 1 + rng.poisson(eventsPerSession - 1);
    let observedUntil = -Infinity;
    for (let e = 0; e < length && seq < 1 << 20; e++) {
      if (t >= window.endMicros || t >= p.activeUntil) break;
      // The device must be observed at t: known to be up to observedUntil, else look again.
      if (!(t <= observedUntil)) {
        observedUntil = aliveUntil(p.identifiers, device, t);
        if (observedUntil === -Infinity) break;
      }
      // Mostly the session's category; sometimes a hop to another taste.
      const cat = rng.next() < 0.8 ? category : rng.pickCumulative(tastes);
      const catalog = ctx.catalog.byCategory[cat];
      const item = catalog.items[rng.pickGuided(catalog.weights)];
      const type = rng.pickCumulative(ctx.engagementMix);
      const day = epochDay(t);
      if (day !== builderDay) {
        cols = columnsOf(out.partition('content_engagements', day), ctx.catalog.names);
        builderDay = day;
      }
      const b = cols!;
      b.eventId.push(p.personId * 1048576 + seq++);
      b.individualId.push(p.personId);
      b.contentId.push(item);
      b.category.push(cat);
      b.type.push(type);
      b.timestamp.push(t);
      let seconds = 0;
      if (type === 0) {
        const scale = device === CTV ? 1.6 : device === MOBILE ? 0.7 : 1;
        seconds = Math.max(
          1,
          Math.min(14_400, Math.round(VIEW_SECONDS[cat] * scale * Math.exp(rng.normal(0, VIEW_SIGMA)))),
        );
        b.duration.push(seconds);
      } else {
        b.duration.pushNull();
      }
      b.device.push(device);
      b.session.pushBytes(sessionBytes);

      p.onEvent?.(t, cat);
      if (countFrom === undefined || t >= countFrom) {
        summary.total++;
        summary.lastMicros = t;
        summary.categoryCounts[cat]++;
        summary.deviceCounts[device]++;
        summary.hourCounts[localHour(ctx.localTime, p.zone, t)]++;
      }
      // Next event after this one's duration plus a short think time.
      t += seconds * 1_000_000 + Math.floor(rng.exponential(45) * 1_000_000) + 1_000_000;
    }
    cursor = t;
  }
  noteSeq('eventSeq', seq);
  return summary;
}
