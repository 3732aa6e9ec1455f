import { findSku } from '../../../application/inventory/references.js';
import { protectionsOf, type NetworkAvailability, type NodeAvailability } from '../../../domain/availability/index.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import { atsDocId, atsDocument, type AtsDocument } from '../../../projections/inventory/atsDocument.js';
import { ATS, ATS_CONFIG, POSITIONS, VISIBILITY, positionOf, type ConfigDocument, type PositionDocument } from '../../../projections/inventory/availabilityModel.js';
import { availabilityProjection } from '../../../projections/inventory/availabilityProjection.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { verifyInventory } from '../../bootstrap/inventoryVerification.js';
import { defineRoute, type Route } from '../../http/route.js';
import { AvailabilityQuery, InventorySkuParams, VisibilityQuery } from './dtos/availabilityDtos.js';
import { projectionCollection, waitForProjection } from './readModelAccess.js';

export const DEFAULT_VIEW = 'online';
const projection = availabilityProjection();

const atsBody = ({ _id: _id, validUntil: _validUntil, ...result }: AtsDocument) => result;
const visibilityBody = ({ byNode, ...totals }: NetworkAvailability & { asOf?: string }) => ({
  ...totals,
  byNode: byNode.map(({ nodeId, sku: _sku, ...figures }: NodeAvailability) => ({ node: nodeId, ...figures })),
});

export const availabilityRoutes = (oms: OmsContext): Route[] => {
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  const collection = <D extends { _id: string }>(logical: string) => projectionCollection<D>(oms, projection, logical);

  const requireKnownSkus = async (skus: readonly string[]) => {
    const unknown: string[] = [];
    for (const sku of skus) if (!(await findSku(deps, sku))) unknown.push(sku);
    if (unknown.length > 0) throw new NotFoundError('SKU_NOT_FOUND', `not in the catalog: ${unknown.join(', ')}`, { field: 'sku', skus: unknown });
  };

  /** ATS straight from the positions: for a SKU with no stock anywhere yet, or a document past its `validUntil`. */
  const computeNow = async (viewName: string, sku: string, now: string): Promise<AtsDocument> => {
    const config = await (await collection<ConfigDocument>(ATS_CONFIG)).find({});
    const views = config.flatMap((d) => (d.kind === 'view' ? [d.view] : []));
    const view = views.find((v) => v.name === viewName);
    if (!view) throw new NotFoundError('ATS_VIEW_NOT_FOUND', `ATS view ${viewName} is not defined`, { field: 'view', view: viewName });
    const nodes = config.flatMap((d) => (d.kind === 'node' ? [d.node] : []));
    const positions = (await (await collection<PositionDocument>(POSITIONS)).find({ sku })).map(positionOf);
    return atsDocument(view, nodes, positions, sku, now, protectionsOf(views));
  };

  return [
    defineRoute({
      method: 'get', path: '/availability', operationId: 'getAvailability', summary: 'Available-to-sell per SKU through a view', tags: ['availability'],
      description: '`?sku=A&sku=B&view=online` (view defaults to `online`). Per SKU: `{ sku, view, viewVersion, asOf, available, rawAvailable, '
        + 'byNode: [{ node, onHand, reserved, safetyStock, inTransit, onOrder, protected, available, excluded? }] }`, in the order asked. '
        + 'Served from the availability projection, kept current by every inventory, node and view event.',
      role: 'public', query: AvailabilityQuery,
      responses: {
        200: { description: 'one entry per SKU', schema: { type: 'array', items: { type: 'object' } } },
        404: { description: 'SKU_NOT_FOUND / ATS_VIEW_NOT_FOUND' },
      },
      handler: async (ctx) => {
        await waitForProjection(oms, projection, ctx.query.minPosition);
        const view = ctx.query.view ?? DEFAULT_VIEW;
        const skus = [...new Set(ctx.query.sku)];
        await requireKnownSkus(skus);
        const docs = await (await collection<AtsDocument>(ATS)).find({ _id: { $in: skus.map((s) => atsDocId(view, s)) } });
        const byId = new Map(docs.map((d) => [d._id, d]));
        const nowMs = Date.parse(ctx.now);
        const items = [];
        for (const sku of skus) {
          const doc = byId.get(atsDocId(view, sku));
          const fresh = doc && (doc.validUntil === null || Date.parse(doc.validUntil) > nowMs) ? doc : await computeNow(view, sku, ctx.now);
          items.push(atsBody(fresh));
        }
        return { status: 200, body: items };
      },
    }),
    defineRoute({
      method: 'get', path: '/inventory/:sku', operationId: 'getInventoryVisibility', summary: 'Network-wide stock of one SKU', tags: ['inventory'],
      description: 'Totals and, per node: onHand, reserved, safetyStock, available, shortfall, inTransit, onOrder. Totals are the sums of the rows.',
      role: 'operator', params: InventorySkuParams, query: VisibilityQuery,
      responses: { 200: { description: 'the SKU across the network' }, 404: { description: 'SKU_NOT_FOUND' } },
      handler: async (ctx) => {
        await waitForProjection(oms, projection, ctx.query.minPosition);
        const sku = ctx.params.sku;
        await requireKnownSkus([sku]);
        const doc = await (await collection<NetworkAvailability & { _id: string; asOf?: string }>(VISIBILITY)).findOne({ _id: sku });
        const empty = { sku, onHand: 0, reserved: 0, safetyStock: 0, available: 0, shortfall: 0, inTransit: 0, onOrder: 0, byNode: [] };
        const { _id: _ignored, ...visibility } = doc ?? { _id: sku, ...empty };
        return { status: 200, body: visibilityBody(visibility) };
      },
    }),
    defineRoute({
      method: 'post', path: '/admin/verify/inventory', operationId: 'verifyInventory', summary: 'Verify the inventory read models against a rebuild', tags: ['admin'],
      description: 'Rebuilds availability and reservations from the events into a scratch store and compares them document by document '
        + 'with the live read models (at the position those have applied). Sets `oms_inventory_drift_documents` in /metrics.',
      role: 'admin',
      responses: { 200: { description: '`drift` (0 = none), per-collection counts and sample differences' } },
      handler: async () => ({ status: 200, body: await verifyInventory({ eventStore: oms.eventStore, readStore: oms.readStore, metrics: oms.metrics }) }),
    }),
  ];
};
