import { Histogram, type Registry } from 'prom-client';

/** Append-to-visible lag per projection, the figure the read side promises (p99 ≤ 100 ms). */
export const projectionMetrics = (registry: Registry) => {
  const lag = new Histogram({
    name: 'oms_projection_lag_seconds',
    help: 'Delay between an event being appended and it being visible in a read model',
    labelNames: ['processor'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60],
    registers: [registry],
  });
  return { lag: (processor: string, lagMs: number) => lag.observe({ processor }, lagMs / 1000) };
};
