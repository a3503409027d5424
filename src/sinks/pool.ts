/**
 * Runs `work` over `items` with at most `limit` in flight. Once one fails or `signal` aborts, no
 * new item starts; the ones in flight are awaited (their own signal stops them), then the first
 * failure is thrown. Awaiting them means nothing is still writing when the caller returns.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure && !signal?.aborted) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}
