import { skuDecider, skuFromState, type Sku, type SkuEvent, type SkuState } from '../../domain/catalog/index.js';
import { aggregateDocumentProjection } from '../network/aggregateDocumentProjection.js';

export const CATALOG_SKUS = 'catalog_skus';

/** One document per catalog item (`GET /catalog/skus/:sku`). */
export type SkuDocument = Sku & { _id: string };

export const skusProjection = (version = 1) =>
  aggregateDocumentProjection<SkuState, SkuEvent, SkuDocument>({
    name: CATALOG_SKUS,
    version,
    streamPrefix: 'sku-',
    indexes: [{ keys: { status: 1 } }],
    decider: skuDecider,
    idOf: (event) => event.data.sku,
    toState: ({ _id: _ignored, version: v, ...definition }) => ({ definition, version: v }),
    toDocument: (state, id) => {
      const sku = skuFromState(state);
      return sku ? { _id: id, ...sku } : null;
    },
  });
