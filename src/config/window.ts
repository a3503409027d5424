import type { RunConfig } from './schema.js';

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_HOUR = 3_600 * MICROS_PER_SECOND;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** The event window as UTC microseconds: [startMicros, endMicros), whole days. */
export interface TimeWindow {
  startMicros: number;
  endMicros: number;
  days: number;
  asOfMicros: number;
}

export function timeWindow(config: RunConfig): TimeWindow {
  const endExclusive = new Date(`${config.window.end}T00:00:00Z`);
  endExclusive.setUTCDate(endExclusive.getUTCDate() + 1);
  const amount = Number(config.window.length.slice(0, -1));
  const unit = config.window.length.slice(-1);
  const start = new Date(endExclusive);
  if (unit === 'd') start.setUTCDate(start.getUTCDate() - amount);
  if (unit === 'w') start.setUTCDate(start.getUTCDate() - 7 * amount);
  if (unit === 'm') start.setUTCMonth(start.getUTCMonth() - amount);
  if (unit === 'y') start.setUTCFullYear(start.getUTCFullYear() - amount);
  const startMicros = start.getTime() * 1000;
  const endMicros = endExclusive.getTime() * 1000;
  return {
    startMicros,
    endMicros,
    days: Math.round((endMicros - startMicros) / MICROS_PER_DAY),
    asOfMicros: Date.parse(config.asOf) * 1000,
  };
}

/** Days since the Unix epoch of a UTC microsecond instant (the DATE value and partition key). */
export const epochDay = (micros: number): number => Math.floor(micros / MICROS_PER_DAY);

export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
