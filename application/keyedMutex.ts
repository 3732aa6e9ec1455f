/**
 * Serialises async work per key inside one process. Commands on the same stream run one after
 * another here, so optimistic-concurrency conflicts only arise between OMS instances, never
 * between requests of the same instance — a hot SKU then degrades to a queue, not a retry storm.
 */
export type KeyedMutex = Readonly<{
  run: <T>(key: string, work: () => Promise<T>) => Promise<T>;
  /** Keys with work queued or running (bounded by the number of in-flight commands). */
  size: () => number;
}>;

export const createKeyedMutex = (): KeyedMutex => {
  const tails = new Map<string, Promise<unknown>>();
  const run = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    // Forget the key once nothing else is queued behind this work, so the map stays small.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
  return { run, size: () => tails.size };
};
