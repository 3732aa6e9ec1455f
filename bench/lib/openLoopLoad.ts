import http from 'node:http';

/**
 * An open-loop HTTP load: request i is due at start + i / rate whatever happened to the earlier
 * ones, and its latency is counted from that due time (not from when it could be sent), so a
 * server that falls behind shows it in the latency instead of slowing the generator down
 * ("coordinated omission"). autocannon's `overallRate` is not this: each connection sends its
 * per-second quota back to back and then waits for the next second, so the load arrives in bursts
 * at the top of every second and a server at 30 % load shows the queueing of a saturated one.
 */
export type OpenLoopRequest = Readonly<{ method: string; path: string; headers: Record<string, string>; body?: string }>;

export type OpenLoopOutcome = Readonly<{
  sent: number;
  statuses: ReadonlyMap<number, number>;
  errors: number;
  /** Latencies (ms) of answered requests, from their due time, ascending. */
  latencies: readonly number[];
  /** Answered requests per second over the window from the first due time to the last answer. */
  throughput: number;
}>;

export const openLoopLoad = async (options: Readonly<{
  port: number;
  rate: number;
  seconds: number;
  request: (i: number) => OpenLoopRequest;
  /** Sockets the generator may open: enough that a slow answer never delays a due request. */
  maxSockets?: number;
  timeoutMs?: number;
}>): Promise<OpenLoopOutcome> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 512 });
  const total = Math.max(1, Math.round(options.rate * options.seconds));
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  let lastAnswer = 0;
  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];

  const send = (i: number, due: number): Promise<void> =>
    new Promise((resolve) => {
      const r = options.request(i);
      const req = http.request({ host: '127.0.0.1', port: options.port, method: r.method, path: r.path, headers: r.headers, agent, timeout: options.timeoutMs ?? 30_000 }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          const now = performance.now();
          latencies.push(now - due);
          lastAnswer = Math.max(lastAnswer, now);
          statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(r.body);
    });

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      // Send everything due by now (a late timer sends a small batch, each timed from its own due time).
      while (sent < total && start + (sent * 1000) / options.rate <= now) {
        const due = start + (sent * 1000) / options.rate;
        inFlight.push(send(sent, due));
        sent++;
      }
      if (sent >= total) return resolve();
      const next = start + (sent * 1000) / options.rate;
      setTimeout(tick, Math.max(0, next - performance.now() - 0.5));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const answered = latencies.length;
  return { sent, statuses, errors, latencies, throughput: answered > 0 ? (answered * 1000) / Math.max(1, lastAnswer - start) : 0 };
};
