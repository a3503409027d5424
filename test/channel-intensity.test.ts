/**
 * channelIntensity runs on bit sets now (campaign-activity.ts): for every combination of
 * identifier kinds held (with repeats) it must return what the array form it replaced returns.
 */
import { describe, expect, it } from 'vitest';
import { channelIntensity } from '../src/gen/campaign-activity.js';
import { TYPE } from '../src/gen/identifiers.js';
import { CHANNEL_IDENTIFIERS } from '../src/gen/observed-through.js';

function reference(types: readonly number[], engagements: number, expected: number): number[] {
  const has = (t: number) => types.includes(t);
  const devices = [TYPE.mobile_ad_id, TYPE.cookie_id, TYPE.device_id, TYPE.ctv_id].filter(has).length;
  const activity = Math.min(3, Math.max(0.2, Math.sqrt((engagements + 1) / (expected + 1))));
  const digital = activity * (0.6 + 0.2 * devices);
  return CHANNEL_IDENTIFIERS.map((kinds, ch) => (kinds.some(has) ? (ch === 0 ? 1 : digital) : 0));
}

describe('channelIntensity', () => {
  it('equals the array form for every set of kinds held and several activity levels', () => {
    const kinds = Object.values(TYPE);
    expect(kinds.length).toBeGreaterThan(4);
    for (let set = 0; set < 1 << kinds.length; set++) {
      const types = kinds.filter((_, i) => set & (1 << i));
      for (const types2 of [types, [...types, ...types]]) {
        for (const [engagements, expected] of [
          [0, 0],
          [10, 450],
          [450, 450],
          [5000, 450],
        ]) {
          expect(channelIntensity(types2, engagements, expected)).toEqual(reference(types2, engagements, expected));
        }
      }
    }
  });
});
