import { putAtsView, type PutAtsViewInput } from '../../../application/availability/putAtsView.js';
import { putSku, type PutSkuInput } from '../../../application/catalog/putSku.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import { ATS_VIEWS, atsViewsProjection, type AtsViewDocument } from '../../../projections/availability/atsViewsProjection.js';
import { CATALOG_SKUS, skusProjection, type SkuDocument } from '../../../projections/catalog/skusProjection.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route } from '../../http/route.js';
import { PutAtsViewDto, ViewParams } from './dtos/availabilityDtos.js';
import { ListSkusQuery, PutSkuDto, SkuParams } from './dtos/catalogDtos.js';
import { plain } from './dtos/keys.js';
import { projectionCollection, requestMeta } from './readModelAccess.js';

const SKU_SCHEMA = { type: 'object', description: 'A catalog item: name, prices per currency, weight, dimensions, tax class, version' } as const;
const VIEW_SCHEMA = { type: 'object', description: 'An ATS view: its rules and their version' } as const;

const withoutId = <D extends { _id: string }>({ _id: _ignored, ...rest }: D) => rest;
/** The API's price map: `{ "EUR": "19.99" }`. */
const priceMap = (prices: SkuDocument['prices']) => Object.fromEntries(prices.map((p) => [p.currency, p.amount]));
const skuBody = (sku: Omit<SkuDocument, '_id'>) => ({ ...sku, prices: priceMap(sku.prices) });

/** Catalog items and ATS views: both event-sourced configuration with versions. */
export const catalogRoutes = (oms: OmsContext): Route[] => {
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  return [
    defineRoute({
      method: 'put', path: '/catalog/skus/:sku', operationId: 'putSku', summary: 'Define or change a catalog item', tags: ['catalog'],
      description: 'Defines the SKU when new (201), otherwise records the fields that changed (200, new version). '
        + 'Without `dimensions` a new SKU is recorded as 1×1×1 mm ("not measured").',
      role: 'admin', idempotent: true, params: SkuParams, body: PutSkuDto,
      responses: { 201: { description: 'defined', schema: SKU_SCHEMA }, 200: { description: 'updated or unchanged', schema: SKU_SCHEMA }, 422: { description: 'INVALID_SKU' } },
      handler: async (ctx) => {
        const r = await putSku(deps, ctx.params.sku, plain(ctx.body) as unknown as PutSkuInput, requestMeta(ctx));
        return {
          status: r.created ? 201 : 200,
          body: { ...skuBody(r.sku), outcome: r.outcome },
          ...(r.created ? { headers: { Location: `/catalog/skus/${encodeURIComponent(r.sku.sku)}` } } : {}),
        };
      },
    }),
    defineRoute({
      method: 'get', path: '/catalog/skus/:sku', operationId: 'getSku', summary: 'One catalog item', tags: ['catalog'],
      role: 'public', params: SkuParams,
      responses: { 200: { description: 'the SKU', schema: SKU_SCHEMA }, 404: { description: 'SKU_NOT_FOUND' } },
      handler: async (ctx) => {
        const doc = await (await projectionCollection<SkuDocument>(oms, skusProjection(), CATALOG_SKUS)).findOne({ _id: ctx.params.sku });
        if (!doc) throw new NotFoundError('SKU_NOT_FOUND', `sku ${ctx.params.sku} is not in the catalog`, { sku: ctx.params.sku });
        return { status: 200, body: skuBody(withoutId(doc)) };
      },
    }),
    defineRoute({
      method: 'get', path: '/catalog/skus', operationId: 'listSkus', summary: 'Catalog items, by SKU, a page at a time', tags: ['catalog'],
      role: 'public', query: ListSkusQuery,
      responses: { 200: { description: '`items` and `next` (pass as `after` for the next page; null at the end)' } },
      handler: async (ctx) => {
        const limit = Math.min(1000, Math.max(1, Number(ctx.query.limit ?? 100)));
        const filter: Record<string, unknown> = {};
        if (ctx.query.after) filter._id = { $gt: ctx.query.after };
        if (ctx.query.status) filter.status = ctx.query.status;
        const docs = await (await projectionCollection<SkuDocument>(oms, skusProjection(), CATALOG_SKUS)).find(filter, { sort: { _id: 1 }, limit: limit + 1 });
        const page = docs.slice(0, limit);
        return { status: 200, body: { items: page.map((d) => skuBody(withoutId(d))), next: docs.length > limit ? page.at(-1)!._id : null } };
      },
    }),
    defineRoute({
      method: 'put', path: '/availability-views/:name', operationId: 'putAtsView', summary: 'Define or change an available-to-sell view', tags: ['availability'],
      description: 'A view is a named, versioned rule set (stream `atsview-<name>`): which nodes and supply count, safety stock, channel '
        + 'protection, display threshold. The body is the complete rule set; every accepted change is an event with the next version, '
        + 'and the availability projection recomputes every SKU under the new rules.',
      role: 'admin', idempotent: true, params: ViewParams, body: PutAtsViewDto,
      responses: { 201: { description: 'defined', schema: VIEW_SCHEMA }, 200: { description: 'changed or unchanged', schema: VIEW_SCHEMA }, 422: { description: 'INVALID_ATS_VIEW' } },
      handler: async (ctx) => {
        const r = await putAtsView(deps, ctx.params.name, plain(ctx.body) as unknown as PutAtsViewInput, requestMeta(ctx));
        return {
          status: r.created ? 201 : 200,
          body: { ...r.view, outcome: r.outcome },
          ...(r.created ? { headers: { Location: `/availability-views/${encodeURIComponent(r.view.name)}` } } : {}),
        };
      },
    }),
    defineRoute({
      method: 'get', path: '/availability-views', operationId: 'listAtsViews', summary: 'Every ATS view', tags: ['availability'],
      role: 'operator',
      responses: { 200: { description: '`items`, by name' } },
      handler: async () => {
        const docs = await (await projectionCollection<AtsViewDocument>(oms, atsViewsProjection(), ATS_VIEWS)).find({}, { sort: { _id: 1 } });
        return { status: 200, body: { items: docs.map(withoutId) } };
      },
    }),
    defineRoute({
      method: 'get', path: '/availability-views/:name', operationId: 'getAtsView', summary: 'One ATS view', tags: ['availability'],
      role: 'operator', params: ViewParams,
      responses: { 200: { description: 'the view', schema: VIEW_SCHEMA }, 404: { description: 'ATS_VIEW_NOT_FOUND' } },
      handler: async (ctx) => {
        const doc = await (await projectionCollection<AtsViewDocument>(oms, atsViewsProjection(), ATS_VIEWS)).findOne({ _id: ctx.params.name });
        if (!doc) throw new NotFoundError('ATS_VIEW_NOT_FOUND', `ATS view ${ctx.params.name} is not defined`, { name: ctx.params.name });
        return { status: 200, body: withoutId(doc) };
      },
    }),
  ];
};
