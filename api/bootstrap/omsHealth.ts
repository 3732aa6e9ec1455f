import type { HealthCheck, HealthReport } from '../http/health.js';
import { overallStatus } from '../http/health.js';
import type { OmsContext } from './omsContext.js';
import { processesHealth, type OrderProcesses } from '../../application/processes/orderProcesses.js';

const check = async (probe: () => Promise<unknown>): Promise<HealthCheck> => {
  try {
    await probe();
    return { status: 'ok' };
  } catch {
    return { status: 'down', detail: 'unreachable' };
  }
};

/** Down when a store cannot be reached; degraded when a projection is failing (reads may be stale). */
export const omsHealth = async (oms: OmsContext & { processes?: Pick<OrderProcesses, 'status'> }): Promise<HealthReport> => {
  const checks: Record<string, HealthCheck> = {
    eventStore: { ...(await check(() => oms.eventStore.headPosition())), adapter: oms.stores.kind.eventStore },
    readStore: { ...(await check(() => oms.readStore.ping())), adapter: oms.stores.kind.readStore },
  };
  const failing = oms.projections.statuses().filter((s) => s.lastError !== undefined);
  checks.projections = failing.length === 0 ? { status: 'ok' } : { status: 'degraded', detail: `${failing.length} projection(s) retrying` };
  if (oms.processes) checks.processes = processesHealth(oms.processes.status());
  return { status: overallStatus(checks), checks };
};
