import type { Lineage } from '../../src/lineage/types.js';

/** The lineage of a first 7-day increment on a 90-day base of 100 households (base id `baseId`). */
export function firstIncrementLineage(baseId: string): Lineage {
  const step = (start: string, end: string) => ({ start, end, asOf: `${end}T23:59:59Z`, households: 100 });
  return {
    id: baseId,
    sequence: 1,
    parent: { fingerprint: baseId, sha256: 'f'.repeat(64) },
    history: [step('2025-07-03', '2025-09-30'), step('2025-10-01', '2025-10-07')],
    highWater: { households: 100, campaigns: 3, eventSeq: 9, exposureSeq: 9, responseSeq: 9 },
    writeModes: {},
  };
}
