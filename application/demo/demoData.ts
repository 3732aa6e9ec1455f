import type { PutAtsViewInput } from '../availability/putAtsView.js';
import type { PutSkuInput } from '../catalog/putSku.js';
import type { RegisterNodeInput } from '../network/nodeUseCases.js';

/**
 * The demo network a fresh embedded OMS is seeded with: two distribution centres and four stores
 * in France, Germany and the UK (real coordinates and time zones), a small apparel-and-home
 * catalogue priced in EUR and GBP, stock spread over the nodes, and the two ATS views the API
 * examples use (`online`, `store-pickup`).
 */
const weekdays = [1, 2, 3, 4, 5];
const sixDays = [1, 2, 3, 4, 5, 6];

export const DEMO_NODES: readonly RegisterNodeInput[] = [
  {
    id: 'dc-lyon', type: 'dc', name: 'Lyon Distribution Centre',
    location: { lat: 45.6436, lng: 5.1125, country: 'FR', region: 'Auvergne-Rhône-Alpes', postalCode: '38070', timezone: 'Europe/Paris' },
    capabilities: ['ship', 'shipToStore', 'returns'], processingHours: 24, cutoffLocal: '15:00', dailyCapacity: 20_000,
    calendar: { workingDays: sixDays, holidays: ['2025-12-25', '2026-01-01'] },
  },
  {
    id: 'dc-dortmund', type: 'dc', name: 'Dortmund Distribution Centre',
    location: { lat: 51.5136, lng: 7.4653, country: 'DE', region: 'Nordrhein-Westfalen', postalCode: '44147', timezone: 'Europe/Berlin' },
    capabilities: ['ship', 'shipToStore', 'returns'], processingHours: 24, cutoffLocal: '16:00', dailyCapacity: 15_000,
    calendar: { workingDays: weekdays, holidays: ['2025-12-25', '2025-12-26', '2026-01-01'] },
  },
  {
    id: 'store-paris-rivoli', type: 'store', name: 'Paris Rivoli',
    location: { lat: 48.8606, lng: 2.347, country: 'FR', region: 'Île-de-France', postalCode: '75001', timezone: 'Europe/Paris' },
    capabilities: ['ship', 'pickup', 'returns'], processingHours: 4, cutoffLocal: '17:00', dailyCapacity: 300,
    calendar: { workingDays: sixDays, holidays: ['2025-12-25'], openingHours: { open: '10:00', close: '20:00' } },
  },
  {
    id: 'store-berlin-mitte', type: 'store', name: 'Berlin Mitte',
    location: { lat: 52.5219, lng: 13.4132, country: 'DE', region: 'Berlin', postalCode: '10178', timezone: 'Europe/Berlin' },
    capabilities: ['pickup', 'returns'], processingHours: 2, cutoffLocal: '18:00', dailyCapacity: 200,
    calendar: { workingDays: sixDays, holidays: ['2025-12-25', '2025-12-26'], openingHours: { open: '10:00', close: '20:00' } },
  },
  {
    id: 'store-munich', type: 'store', name: 'München Marienplatz',
    location: { lat: 48.1374, lng: 11.5755, country: 'DE', region: 'Bayern', postalCode: '80331', timezone: 'Europe/Berlin' },
    capabilities: ['ship', 'pickup', 'returns'], processingHours: 4, cutoffLocal: '16:30', dailyCapacity: 250,
    calendar: { workingDays: sixDays, holidays: ['2025-12-25', '2025-12-26'], openingHours: { open: '09:30', close: '20:00' } },
  },
  {
    id: 'store-london-oxford', type: 'store', name: 'London Oxford Street',
    location: { lat: 51.5152, lng: -0.1419, country: 'GB', region: 'England', postalCode: 'W1C 1DX', timezone: 'Europe/London' },
    capabilities: ['ship', 'pickup', 'returns'], processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 400,
    calendar: { workingDays: [1, 2, 3, 4, 5, 6, 7], holidays: ['2025-12-25'], openingHours: { open: '09:00', close: '21:00' } },
  },
];

const sku = (name: string, eur: string, gbp: string, weightGrams: number, taxClass: string, dims: [number, number, number]): PutSkuInput => ({
  name, prices: { EUR: eur, GBP: gbp }, weightGrams, taxClass, dimensions: { lengthMm: dims[0], widthMm: dims[1], heightMm: dims[2] },
});

export const DEMO_SKUS: Readonly<Record<string, PutSkuInput>> = {
  'TSHIRT-WHT-M': sku('Organic cotton T-shirt, white, M', '19.99', '17.50', 180, 'standard', [300, 250, 20]),
  'TSHIRT-BLK-L': sku('Organic cotton T-shirt, black, L', '19.99', '17.50', 195, 'standard', [300, 250, 20]),
  'HOODIE-GRY-M': sku('Brushed fleece hoodie, grey, M', '49.90', '44.00', 620, 'standard', [400, 320, 60]),
  'JEANS-IND-32': sku('Slim jeans, indigo, W32 L32', '79.00', '69.00', 750, 'standard', [420, 300, 50]),
  'SNEAKER-WHT-42': sku('Leather sneaker, white, EU 42', '119.00', '105.00', 1100, 'standard', [340, 220, 130]),
  'RAINCOAT-NVY-M': sku('Packable raincoat, navy, M', '89.00', '79.00', 540, 'standard', [380, 300, 70]),
  'MUG-STONEWARE': sku('Stoneware mug 350 ml', '12.50', '11.00', 420, 'standard', [120, 95, 100]),
  'CANDLE-CEDAR': sku('Cedar scented candle', '24.00', '21.00', 380, 'standard', [90, 90, 100]),
  'THROW-WOOL': sku('Merino wool throw 130×170', '129.00', '115.00', 1350, 'standard', [450, 350, 120]),
  'BOOK-COOKING': sku('Seasonal kitchen (hardback)', '32.00', '28.00', 980, 'reduced', [260, 200, 35]),
  'BOOK-TRAVEL': sku('City walks of Europe (paperback)', '18.00', '15.99', 410, 'reduced', [210, 140, 25]),
  'GIFTCARD-50': sku('Gift card 50', '50.00', '45.00', 20, 'zero', [86, 54, 1]),
};

export const DEMO_VIEWS: Readonly<Record<string, PutAtsViewInput>> = {
  online: {
    description: 'Web and app: every node that ships, on-hand plus transfers arriving within 2 days, 1 unit kept back per store',
    channels: ['web', 'app'],
    nodes: { capabilities: ['ship'] },
    supply: { onHand: true, inTransitWithinDays: 2, onOrderWithinDays: null },
    channelProtection: [{ channel: 'pickup', units: 1, nodes: { nodeTypes: ['store'] } }],
  },
  'store-pickup': {
    description: 'Click & collect: store stock only, two units of safety per store, shown from 1 unit',
    channels: ['pickup'],
    nodes: { nodeTypes: ['store'], capabilities: ['pickup'] },
    safetyStock: { useNodeSafetyStock: true, extraPerNode: 2 },
    threshold: { minimum: 1, cap: null },
  },
};

/** [node, sku, units]: a realistic spread — deep stock at the DCs, a few units in stores, some gaps. */
type StockLine = readonly [node: string, sku: string, units: number];
const STORE_STOCK: readonly StockLine[] = [
  ['store-paris-rivoli', 'TSHIRT-WHT-M', 12], ['store-paris-rivoli', 'HOODIE-GRY-M', 5], ['store-paris-rivoli', 'MUG-STONEWARE', 18],
  ['store-paris-rivoli', 'BOOK-COOKING', 4], ['store-berlin-mitte', 'TSHIRT-BLK-L', 9], ['store-berlin-mitte', 'SNEAKER-WHT-42', 3],
  ['store-berlin-mitte', 'CANDLE-CEDAR', 14], ['store-munich', 'JEANS-IND-32', 7], ['store-munich', 'RAINCOAT-NVY-M', 6],
  ['store-munich', 'THROW-WOOL', 2], ['store-london-oxford', 'TSHIRT-WHT-M', 15], ['store-london-oxford', 'BOOK-TRAVEL', 10],
  ['store-london-oxford', 'GIFTCARD-50', 200], ['store-london-oxford', 'SNEAKER-WHT-42', 4],
];
export const DEMO_STOCK: readonly StockLine[] = [
  ...Object.keys(DEMO_SKUS).flatMap((s, i): StockLine[] => [['dc-lyon', s, 120 + 37 * i], ['dc-dortmund', s, i % 4 === 3 ? 0 : 80 + 29 * i]]),
  ...STORE_STOCK,
].filter(([, , units]) => units > 0);

/** Inbound supply [node, sku, supplyId, kind, units, days from now]. */
export const DEMO_SUPPLY: readonly (readonly [string, string, string, 'purchase_order' | 'transfer', number, number])[] = [
  ['dc-dortmund', 'MUG-STONEWARE', 'PO-2025-0142', 'purchase_order', 400, 12],
  ['store-munich', 'SNEAKER-WHT-42', 'TR-DTM-MUC-0007', 'transfer', 6, 1],
  ['store-paris-rivoli', 'RAINCOAT-NVY-M', 'TR-LYS-PAR-0031', 'transfer', 8, 2],
];
