import type { Place } from './laneKeys.js';

/**
 * Groupings of destination regions between region and country, for the transit hierarchy: a
 * lane with few parcels borrows from its macro-region before the whole country. Brazil's five
 * IBGE macro-regions by state (UF); other countries have no grouping yet.
 */
const BRAZIL: Readonly<Record<string, string>> = {
  AC: 'Norte', AM: 'Norte', AP: 'Norte', PA: 'Norte', RO: 'Norte', RR: 'Norte', TO: 'Norte',
  AL: 'Nordeste', BA: 'Nordeste', CE: 'Nordeste', MA: 'Nordeste', PB: 'Nordeste', PE: 'Nordeste', PI: 'Nordeste', RN: 'Nordeste', SE: 'Nordeste',
  DF: 'Centro-Oeste', GO: 'Centro-Oeste', MS: 'Centro-Oeste', MT: 'Centro-Oeste',
  ES: 'Sudeste', MG: 'Sudeste', RJ: 'Sudeste', SP: 'Sudeste',
  PR: 'Sul', RS: 'Sul', SC: 'Sul',
};

export const destinationRegionGroup = (destination: Place): string | undefined => {
  if (destination.country !== 'BR' || !destination.region) return undefined;
  const uf = destination.region.replace(/^BR-/, '');
  return BRAZIL[uf];
};
