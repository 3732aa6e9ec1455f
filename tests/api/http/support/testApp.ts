import type { Express } from 'express';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HttpSecurity } from '../../../../api/http/auth.js';
import { createApp, type CreateAppOptions } from '../../../../api/http/createApp.js';
import { createMetricsRegistry } from '../../../../api/http/metrics.js';
import { sampleRoutes, type Recorder } from './sampleRoutes.js';

export const FIXED_NOW = '2025-03-01T10:00:00.000Z';

/**
 * These tests exercise the HTTP skeleton, not authentication (tests/api/security does): every
 * caller is let through as an admin, with the identity `X-Actor` claims (operator:anonymous
 * without one), as the skeleton behaved before authentication existed.
 */
export const letEveryoneIn: HttpSecurity = {
  honourTestActor: true,
  authenticate: async (credentials) => ({
    kind: 'authenticated',
    principal: { actor: credentials.testActor ?? { kind: 'operator', id: 'anonymous' }, role: 'admin', scopes: {}, principalId: 'skeleton-test', via: 'test-default' },
  }),
};

export type TestApp = Readonly<{ app: Express; rec: Recorder; logs: Array<Record<string, unknown>>; registry: Registry; logger: Logger }>;

/** The sample routes on a real app, with a fixed clock and a logger that records JSON lines. */
export function makeTestApp(overrides: Partial<CreateAppOptions> = {}): TestApp {
  const rec: Recorder = {};
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const registry = createMetricsRegistry();
  const app = createApp({
    routes: sampleRoutes(rec),
    logger,
    metrics: registry,
    openapiInfo: { title: 'OMS test', version: '0.0.0' },
    clock: () => new Date(FIXED_NOW),
    security: letEveryoneIn,
    ...overrides,
  });
  return { app, rec, logs, registry, logger };
}

export const validOrder = () => ({
  orderId: 'o-1',
  country: 'DE',
  shipping: 'standard',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: { amount: '19.99', currency: 'EUR' } }],
});
