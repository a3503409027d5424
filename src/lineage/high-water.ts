/**
 * Per-person sequence numbers used while generating one chunk in this worker: the generators
 * note the next free number of each person, the worker reads the maximum after the chunk and
 * the manifest records the run's maximum, which the next increment starts from.
 */
const seen = { eventSeq: 0, exposureSeq: 0, responseSeq: 0 };

export type SeqKind = keyof typeof seen;

export function noteSeq(kind: SeqKind, next: number): void {
  if (next > seen[kind]) seen[kind] = next;
}

/** Takes the maxima noted since the last call and starts over. */
export function takeSeqHighWater(): [number, number, number] {
  const out: [number, number, number] = [seen.eventSeq, seen.exposureSeq, seen.responseSeq];
  seen.eventSeq = 0;
  seen.exposureSeq = 0;
  seen.responseSeq = 0;
  return out;
}
