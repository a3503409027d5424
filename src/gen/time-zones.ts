import { MICROS_PER_DAY, MICROS_PER_HOUR, type TimeWindow } from '../config/window.js';

/**
 * Local time of US households: one IANA zone per state (the zone most of its people live in),
 * with daylight saving time from the ICU time-zone data that Node ships (Intl), so 8 pm means
 * 8 pm local in January and in July. Offsets are looked up once per zone and day of the window
 * (the day's offset at local noon; only the small hours of the two switch days differ), which
 * keeps the generator fast and free of the wall clock.
 */
export const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
] as const;
const EASTERN = 0;

/** States by zone; states not listed are Eastern. Split states go with their majority. */
const STATES: Record<number, readonly string[]> = {
  1: ['AL', 'AR', 'IA', 'IL', 'KS', 'LA', 'MN', 'MO', 'MS', 'ND', 'NE', 'OK', 'SD', 'TN', 'TX', 'WI'],
  2: ['CO', 'ID', 'MT', 'NM', 'UT', 'WY'],
  3: ['AZ'],
  4: ['CA', 'NV', 'OR', 'WA'],
  5: ['AK'],
  6: ['HI'],
};
const ZONE_OF_STATE = new Map(Object.entries(STATES).flatMap(([z, states]) => states.map((s) => [s, Number(z)])));

export const zoneOfState = (state: string): number => ZONE_OF_STATE.get(state) ?? EASTERN;

/** Zone names by state as a SQL CASE over `stateColumn` (for rules that measure local time). */
export function zoneCaseSql(stateColumn: string, literal: (s: string) => string): string {
  const whens = Object.entries(STATES).map(
    ([z, states]) => `WHEN ${stateColumn} IN (${states.map(literal).join(', ')}) THEN ${literal(ZONES[Number(z)])}`,
  );
  return `CASE ${whens.join(' ')} ELSE ${literal(ZONES[EASTERN])} END`;
}

/** UTC offset (local − UTC) in microseconds of `zone` at UTC instant `ms`, from Intl. */
function offsetMicros(format: Intl.DateTimeFormat, ms: number): number {
  const name = format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000_000;
}

export interface LocalTime {
  /** UTC offset in micros of each zone for each day from `firstDay` (epoch days), one day of margin each side. */
  offsets: Float64Array[];
  firstDay: number;
}

export function localTime(window: TimeWindow): LocalTime {
  const firstDay = Math.floor(window.startMicros / MICROS_PER_DAY) - 1;
  const days = Math.ceil(window.endMicros / MICROS_PER_DAY) + 1 - firstDay + 1;
  const offsets = ZONES.map((zone) => {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    // Local noon is about 17:00–22:00 UTC in US zones: take 18:00 UTC.
    return Float64Array.from({ length: days }, (_, d) => offsetMicros(format, ((firstDay + d) * 24 + 18) * 3_600_000));
  });
  return { offsets, firstDay };
}

/** The zone's offset on an epoch day (clamped to the table). */
export function offsetOnDay(lt: LocalTime, zone: number, epochDay: number): number {
  const table = lt.offsets[zone];
  return table[Math.max(0, Math.min(table.length - 1, epochDay - lt.firstDay))];
}

/** The UTC instant of local time `hours` (may be fractional) on local epoch day `day`. */
export const localToUtc = (lt: LocalTime, zone: number, day: number, hours: number): number =>
  day * MICROS_PER_DAY + Math.floor(hours * MICROS_PER_HOUR) - offsetOnDay(lt, zone, day);

/** Local hour 0..23 of a UTC instant. */
export function localHour(lt: LocalTime, zone: number, micros: number): number {
  const local = micros + offsetOnDay(lt, zone, Math.floor(micros / MICROS_PER_DAY));
  return Math.floor(dayRemainder(local) / MICROS_PER_HOUR);
}

/**
 * `local` modulo one day, in [0, day): ((local % day) + day) % day, which V8 computes with two
 * calls into C (`%` on doubles), once per engagement. For whole microseconds below 2^53 (every
 * instant here) the quotient's product and the difference are exact, so the result is the same
 * number (the two corrections only guard a quotient that rounded across a whole day); anything
 * else takes `%`.
 */
function dayRemainder(local: number): number {
  if (!Number.isSafeInteger(local)) return ((local % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY;
  let r = local - Math.floor(local / MICROS_PER_DAY) * MICROS_PER_DAY;
  if (r < 0) r += MICROS_PER_DAY;
  else if (r >= MICROS_PER_DAY) r -= MICROS_PER_DAY;
  return r;
}
