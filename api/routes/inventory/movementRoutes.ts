import { applyBatch, MAX_BATCH_LINES } from '../../../application/inventory/batchMovements.js';
import type { LineKind, LineKinds } from '../../../application/inventory/inventoryLines.js';
import { applyMovement } from '../../../application/inventory/stockMovements.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type DtoClass, type Route } from '../../http/route.js';
import {
  AdjustmentBatchDto, AdjustmentDto, ArrivalBatchDto, ArrivalDto, CountBatchDto, CountDto, ReceiptBatchDto, ReceiptDto,
  SafetyStockBatchDto, SafetyStockDto, SupplyBatchDto, SupplyCancellationBatchDto, SupplyCancellationDto, SupplyDto,
  SupplyRescheduleBatchDto, SupplyRescheduleDto,
} from './dtos/movementDtos.js';
import { plain } from './dtos/keys.js';
import { requestMeta } from './readModelAccess.js';

type Movement = Readonly<{ kind: LineKind; path: string; operationId: string; summary: string; line: DtoClass; batch: DtoClass; method?: 'post' | 'put' }>;

const MOVEMENTS: readonly Movement[] = [
  { kind: 'receipt', path: '/inventory/receipts', operationId: 'receiveStock', summary: 'Receive stock at a node', line: ReceiptDto, batch: ReceiptBatchDto },
  { kind: 'adjustment', path: '/inventory/adjustments', operationId: 'adjustStock', summary: 'Adjust stock (damage, shrink, found, …)', line: AdjustmentDto, batch: AdjustmentBatchDto },
  { kind: 'count', path: '/inventory/counts', operationId: 'countStock', summary: 'Record a physical count (sets on-hand)', line: CountDto, batch: CountBatchDto },
  { kind: 'supply', path: '/inventory/supply', operationId: 'expectSupply', summary: 'Announce expected supply (purchase order or transfer)', line: SupplyDto, batch: SupplyBatchDto },
  { kind: 'arrival', path: '/inventory/supply/arrivals', operationId: 'receiveSupply', summary: 'Record (part of) an expected supply arriving', line: ArrivalDto, batch: ArrivalBatchDto },
  {
    kind: 'supplyCancellation', path: '/inventory/supply/cancellations', operationId: 'cancelSupply', summary: 'Cancel what is still expected of a supply',
    line: SupplyCancellationDto, batch: SupplyCancellationBatchDto,
  },
  {
    kind: 'supplyReschedule', path: '/inventory/supply/reschedules', operationId: 'rescheduleSupply',
    summary: 'Move the ETA of what is still expected of a supply (a later ETA re-promises the orders waiting on it)',
    line: SupplyRescheduleDto, batch: SupplyRescheduleBatchDto,
  },
  { kind: 'safetyStock', path: '/inventory/safety-stock', operationId: 'setSafetyStock', summary: 'Set a position\'s safety stock', line: SafetyStockDto, batch: SafetyStockBatchDto, method: 'put' },
];

const RESULT = { type: 'object', description: 'The position after the movement: node, sku, onHand, reserved, safetyStock, available, version, outcome, position' } as const;

/**
 * Stock movements, one line or a batch of up to MAX_BATCH_LINES (a WMS or POS feed). A line is
 * refused — 404 NODE_NOT_FOUND / SKU_NOT_FOUND, 400 VALIDATION_FAILED naming the field, 422/409 for
 * domain rules — with nothing written. A batch is validated as a whole first: one bad line rejects
 * it (422 BATCH_REJECTED listing the lines); retried with the same Idempotency-Key it replays line
 * by line.
 */
export const movementRoutes = (oms: OmsContext): Route[] => {
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  return MOVEMENTS.flatMap((m): Route[] => [
    defineRoute<object>({
      method: m.method ?? 'post', path: m.path, operationId: m.operationId, summary: m.summary, tags: ['inventory'],
      role: 'operator', idempotent: true, body: m.line,
      responses: {
        201: { description: 'applied (or replayed: same Idempotency-Key)', schema: RESULT },
        200: { description: 'nothing to change (e.g. the same supply announced again)', schema: RESULT },
        400: { description: 'VALIDATION_FAILED' }, 404: { description: 'NODE_NOT_FOUND / SKU_NOT_FOUND' },
        409: { description: 'a rule of the position refuses it (e.g. INSUFFICIENT_STOCK)' }, 422: { description: 'a rule of the content refuses it' },
      },
      handler: async (ctx) => {
        const result = await applyMovement(deps, m.kind, plain(ctx.body) as LineKinds[typeof m.kind], requestMeta(ctx));
        return { status: result.outcome === 'unchanged' ? 200 : 201, body: result };
      },
    }),
    defineRoute<object>({
      method: 'post', path: `${m.path}/batch`, operationId: `${m.operationId}Batch`, summary: `${m.summary} — batch of up to ${MAX_BATCH_LINES} lines`,
      tags: ['inventory'], role: 'operator', idempotent: true, body: m.batch, bodyLimit: '32mb',
      responses: {
        200: { description: 'every line applied (or replayed / unchanged); per-line results' },
        207: { description: 'the batch validated but some lines were refused at write time (a concurrent change); per-line results' },
        400: { description: 'VALIDATION_FAILED naming lines[i].field' }, 422: { description: 'BATCH_REJECTED: the invalid lines; nothing written' },
      },
      handler: async (ctx) => {
        const lines = plain((ctx.body as { lines: object[] }).lines) as LineKinds[typeof m.kind][];
        const result = await applyBatch(deps, m.kind, lines, requestMeta(ctx));
        return { status: result.failed > 0 ? 207 : 200, body: result };
      },
    }),
  ]);
};
