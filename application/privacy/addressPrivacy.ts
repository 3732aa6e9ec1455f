import type { Address } from '../../domain/order/state.js';
import type { SealedPersonalData } from '../../domain/shared/sealedPersonalData.js';
import { FORGOTTEN_TEXT, isForgotten, type PiiVault } from './piiVault.js';

/**
 * What of a delivery address is personal, and how it travels. The recipient's name, the street
 * lines and the exact coordinates are sealed with the customer's key before any event is written
 * (`personal`); what stays in clear is what sourcing, taxes and analytics need and what does not
 * single a person out: country, region, city, postal code and coordinates rounded to 0.01° (about
 * 1 km — enough to measure a parcel's distance from a node, not to find a door).
 *
 * `openAddress` restores the full address for whoever may read the order (the customer's
 * tracking page, an agent); after `oms forget customer` the sealed part reads as "[forgotten]".
 */
export type AddressSealer = Pick<PiiVault, 'sealPii' | 'openPii'>;

const SEALED_FIELDS = ['name', 'line1', 'line2'] as const;
type Personal = { name?: string; line1?: string; line2?: string; lat?: number; lng?: number };

/** A coordinate rounded to 0.01° (about 1 km): what sourcing, promises and their recorded explanations use. */
export const coarse = (x: number): number => Math.round(x * 100) / 100;

export const sealAddress = async (sealer: AddressSealer, customerId: string, address: Address): Promise<Address> => {
  const personal: Personal = {};
  for (const k of SEALED_FIELDS) if (address[k] !== undefined) personal[k] = address[k];
  const precise = address.lat !== undefined && address.lng !== undefined && (coarse(address.lat) !== address.lat || coarse(address.lng) !== address.lng);
  if (precise) Object.assign(personal, { lat: address.lat, lng: address.lng });
  // Nothing personal in clear: an address that was sealed already (a linked order reusing it) stays as it is.
  if (Object.keys(personal).length === 0) return address;
  const { name: _n, line1: _l1, line2: _l2, personal: _p, ...kept } = address;
  const sealed = (await sealer.sealPii(customerId, personal)) as unknown as SealedPersonalData;
  return {
    ...kept,
    ...(precise ? { lat: coarse(address.lat!), lng: coarse(address.lng!) } : {}),
    personal: sealed,
  };
};

export const openAddress = async <A extends Address | null | undefined>(sealer: AddressSealer, address: A): Promise<A> => {
  if (!address?.personal) return address;
  const { personal, ...kept } = address;
  const opened = await sealer.openPii<Personal>(personal as unknown as Parameters<AddressSealer['openPii']>[0]);
  if (isForgotten(opened)) return { ...kept, name: FORGOTTEN_TEXT, line1: FORGOTTEN_TEXT } as A;
  return { ...kept, ...opened } as A;
};
