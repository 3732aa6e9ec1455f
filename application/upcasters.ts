import type { RecordedEvent } from '../infrastructure/eventstore/eventStore.js';

/**
 * Schema evolution without rewriting history: a recorded event whose `schemaVersion` is older
 * than the current one is transformed on read by a chain of upcasters (v1 → v2 → …). Upcasters
 * are registered per event type; each takes the data of version N and returns version N + 1.
 */
export type Upcaster = Readonly<{ eventType: string; fromVersion: number; upcast: (data: unknown) => unknown }>;

export type UpcasterRegistry = Readonly<{
  upcast: (event: RecordedEvent) => RecordedEvent;
  currentVersion: (eventType: string) => number;
}>;

export const createUpcasterRegistry = (upcasters: readonly Upcaster[] = []): UpcasterRegistry => {
  const byType = new Map<string, Map<number, Upcaster>>();
  for (const u of upcasters) {
    const chain = byType.get(u.eventType) ?? new Map<number, Upcaster>();
    if (chain.has(u.fromVersion)) throw new Error(`two upcasters for ${u.eventType} v${u.fromVersion}`);
    chain.set(u.fromVersion, u);
    byType.set(u.eventType, chain);
  }
  const currentVersion = (eventType: string): number => {
    const chain = byType.get(eventType);
    return chain ? Math.max(...chain.keys()) + 1 : 1;
  };
  const upcast = (event: RecordedEvent): RecordedEvent => {
    const chain = byType.get(event.type);
    if (!chain) return event;
    let version = Number(event.metadata.schemaVersion ?? 1);
    let data: unknown = event.data;
    for (let step = chain.get(version); step; step = chain.get(version)) {
      data = step.upcast(data);
      version += 1;
    }
    return { ...event, data: data as RecordedEvent['data'], metadata: { ...event.metadata, schemaVersion: version } };
  };
  return { upcast, currentVersion };
};
