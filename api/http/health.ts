import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export type HealthCheck = Readonly<{ status: HealthStatus; detail?: string; [extra: string]: unknown }>;

export type HealthReport = Readonly<{ status: HealthStatus; checks: Readonly<Record<string, HealthCheck>> }>;

export const HEALTHY: HealthReport = { status: 'ok', checks: {} };

/** Combines named checks: down if any is down, degraded if any is degraded, else ok. */
export function overallStatus(checks: Readonly<Record<string, HealthCheck>>): HealthStatus {
  const statuses = Object.values(checks).map((c) => c.status);
  if (statuses.includes('down')) return 'down';
  return statuses.includes('degraded') ? 'degraded' : 'ok';
}

/**
 * `/health`: 200 while the service can serve (ok or degraded), 503 when it cannot, so load
 * balancers take it out of rotation. A check that throws counts as down; its message is logged,
 * not published, because health endpoints are public.
 */
export function healthEndpoint(health: () => Promise<HealthReport>, logger: Logger): RequestHandler {
  return async (_req, res) => {
    let report: HealthReport;
    try {
      report = await health();
    } catch (err) {
      logger.error({ err }, 'health check threw');
      report = { status: 'down', checks: { health: { status: 'down', detail: 'health check failed' } } };
    }
    if (res.headersSent) return;
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.status === 'down' ? 503 : 200).json(report);
  };
}
