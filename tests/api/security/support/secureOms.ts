import type { Express } from 'express';
import { allProjections } from '../../../../api/bootstrap/projections.js';
import { createOmsApp } from '../../../../api/server.js';
import { allRoutes } from '../../../../api/routes/allRoutes.js';
import type { PrincipalRole } from '../../../../application/security/roles.js';
import { counterProjection } from '../../../support/counterProjection.js';
import { startTestOms, type TestOms } from '../../../support/testOms.js';
import { fixtureRoutes } from './fixtureRoutes.js';

/** The order and node every scoped credential of a SecureOms is issued for ("A" / "X"). */
export const OWN_ORDER = 'order-a';
export const OTHER_ORDER = 'order-b';
export const OWN_NODE = 'node-x';
export const OTHER_NODE = 'node-y';

export type SecureOms = TestOms & Readonly<{
  /** Every real route plus the security fixtures, with authentication on (no test default role). */
  secureApp: Express;
  /** One credential per caller role: keys, and a tracking token for OWN_ORDER as the customer's. */
  credentials: Readonly<Record<PrincipalRole, string>>;
}>;

/** A test OMS with real authentication (deny by default), the fixture routes and the counter projection. */
export async function startSecureOms(env: NodeJS.ProcessEnv = {}): Promise<SecureOms> {
  const t = await startTestOms({ OMS_AUTH_TEST_DEFAULT_ROLE: '', ...env }, { projections: [...allProjections, counterProjection()] });
  const secureApp = createOmsApp(t.oms, [...allRoutes(t.oms), ...fixtureRoutes(t.oms)]);
  const mint = async (role: string, nodes: string[] = []) => (await t.oms.security.apiKeys.create({ role, nodes, name: `test ${role}`, createdBy: 'test' })).key;
  const credentials: Record<PrincipalRole, string> = {
    admin: t.adminKey,
    operator: await mint('operator'),
    agent: await mint('agent'),
    auditor: await mint('auditor'),
    store: await mint('store', [OWN_NODE]),
    customer: await t.oms.security.trackingTokens.issue(OWN_ORDER),
  };
  return { ...t, secureApp, credentials };
}
