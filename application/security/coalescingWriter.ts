/**
 * Collects items added during one turn of the event loop and writes them together (setImmediate),
 * so a burst of requests costs one store write instead of one each. `add` resolves once the write
 * holding the item succeeded and rejects if it failed: callers keep their own acknowledgement.
 */
export type CoalescingWriter<T> = Readonly<{ add: (item: T) => Promise<void> }>;

export const coalescingWriter = <T>(write: (items: T[]) => Promise<unknown>, maxBatch = 500): CoalescingWriter<T> => {
  let pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    for (let i = 0; i < batch.length; i += maxBatch) {
      const part = batch.slice(i, i + maxBatch);
      write(part.map((p) => p.item)).then(
        () => part.forEach((p) => p.resolve()),
        (error: unknown) => part.forEach((p) => p.reject(error)),
      );
    }
  };

  return {
    add: (item) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }),
  };
};
