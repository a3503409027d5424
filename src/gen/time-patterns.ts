/**
 * When people are online. Hourly and weekly shapes follow published streaming/app-usage curves
 * (low 2–6 am, lunchtime bump, prime time 8–10 pm; weekends heavier), in local time; the state's
 * time zone, daylight saving time included (time-zones.ts), turns them into UTC instants.
 */

/** Relative activity per local hour 0..23. */
export const HOURLY = [
  0.9, 0.5, 0.3, 0.2, 0.2, 0.3, 0.7, 1.3, 1.6, 1.5, 1.4, 1.5, 1.8, 1.7, 1.5, 1.5, 1.7, 2.0, 2.5, 3.0, 3.5, 3.6, 2.9,
  1.8,
];
/** Relative activity per weekday, Sunday = 0 (as Date.getUTCDay). */
export const WEEKLY = [1.25, 0.92, 0.9, 0.92, 0.95, 1.05, 1.3];

/** Yearly cycle: +amplitude in mid-January, −amplitude in mid-July (indoor season effect). */
export function seasonalFactor(dayOfYear: number, amplitude: number): number {
  return 1 + amplitude * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.25);
}
