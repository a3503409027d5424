/**
 * localHour avoids `%` on doubles (time-zones.ts): it must give the hour the plain formula
 * gives, ((local % day) + day) % day, for every instant, across zones, DST switches, day and
 * hour edges, and instants before 1970.
 */
import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_HOUR } from '../src/config/window.js';
import { Rng } from '../src/gen/rng.js';
import { localHour, localTime, offsetOnDay, ZONES } from '../src/gen/time-zones.js';

const DAY = 86_400_000_000;
const HOUR = 3_600_000_000;

describe('localHour', () => {
  it('matches the % formula for random, edge and pre-1970 instants in every zone', () => {
    expect(MICROS_PER_DAY).toBe(DAY);
    expect(MICROS_PER_HOUR).toBe(HOUR);
    const start = Date.UTC(2025, 0, 1) * 1000;
    const end = Date.UTC(2025, 11, 31) * 1000;
    const lt = localTime({ startMicros: start, endMicros: end, days: 364 } as never);
    const expected = (zone: number, micros: number) => {
      const local = micros + offsetOnDay(lt, zone, Math.floor(micros / DAY));
      return Math.floor((((local % DAY) + DAY) % DAY) / HOUR);
    };
    const rng = new Rng(9);
    const instants: number[] = [0, -1, 1, -DAY, DAY - 1, -DAY - 1, 2 ** 53 - 1, -(2 ** 53) + 1];
    // Midnights near the last day whose microseconds stay below 2^53, where the quotient
    // local / day is least precise.
    for (let j = -12; j <= 12; j++) instants.push(104_000 * DAY + j * HOUR - 1, 104_000 * DAY + j * HOUR);
    for (let k = 0; k < 5000; k++) instants.push(start + Math.floor(rng.next() * (end - start)));
    for (let d = start; d < end; d += DAY) {
      for (const h of [0, 4, 5, 6, 7, 8, 10, 11]) instants.push(d + h * HOUR - 1, d + h * HOUR, d + h * HOUR + 1);
    }
    let hours = 0;
    for (let zone = 0; zone < ZONES.length; zone++) {
      for (const t of instants) {
        const got = localHour(lt, zone, t);
        expect(got).toBe(expected(zone, t));
        hours |= 1 << got;
      }
    }
    // Every hour of the day came up, so the comparison covered the whole range.
    expect(hours).toBe(2 ** 24 - 1);
  });
});
