import { createHash } from 'node:crypto';
import type { RegisterNodeInput } from '../../network/nodeUseCases.js';
import type { DestinationInput } from '../../orders/placeOrder.js';

/**
 * The UK network the UCI invoices are fulfilled from (real sites and coordinates): two
 * distribution centres that ship everywhere — DIRFT Daventry (the Midlands "golden triangle")
 * and iPort Doncaster (the North) — and a London showroom that takes returns and collections but
 * holds no merchandise, so sourcing never ships from it.
 */
const ukCalendar = { workingDays: [1, 2, 3, 4, 5], holidays: ['2010-12-27', '2010-12-28', '2011-01-03', '2011-04-22', '2011-04-25', '2011-04-29', '2011-05-02', '2011-05-30', '2011-08-29', '2011-12-26', '2011-12-27'] };

export const UCI_NODES: readonly RegisterNodeInput[] = [
  {
    id: 'uk-dc-daventry', type: 'dc', name: 'DIRFT Daventry Distribution Centre',
    location: { lat: 52.2946, lng: -1.1667, country: 'GB', region: 'England', postalCode: 'NN6 7GZ', timezone: 'Europe/London' },
    capabilities: ['ship', 'shipToStore', 'returns'], processingHours: 24, cutoffLocal: '15:00', dailyCapacity: 5_000, calendar: ukCalendar,
  },
  {
    id: 'uk-dc-doncaster', type: 'dc', name: 'iPort Doncaster Distribution Centre',
    location: { lat: 53.4876, lng: -1.0843, country: 'GB', region: 'England', postalCode: 'DN11 0BG', timezone: 'Europe/London' },
    capabilities: ['ship', 'shipToStore', 'returns'], processingHours: 24, cutoffLocal: '15:00', dailyCapacity: 3_000, calendar: ukCalendar,
  },
  {
    id: 'uk-store-london', type: 'store', name: 'London Showroom (Shoreditch)',
    location: { lat: 51.5265, lng: -0.084, country: 'GB', region: 'England', postalCode: 'EC2A 4NE', timezone: 'Europe/London' },
    capabilities: ['pickup', 'returns'], processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 200,
    calendar: { ...ukCalendar, workingDays: [1, 2, 3, 4, 5, 6], openingHours: { open: '09:00', close: '18:00' } },
  },
];

/** Every DC holds the full range (replenished before an order needs it). */
export const UCI_STOCKING_NODES: readonly string[] = ['uk-dc-daventry', 'uk-dc-doncaster'];

type Place = readonly [code: string, city: string, lat: number, lng: number];

/** The file's Country → ISO code and the capital (or main city) the parcel goes to. */
export const UCI_COUNTRIES: Readonly<Record<string, Place>> = {
  'United Kingdom': ['GB', 'London', 51.5074, -0.1278],
  France: ['FR', 'Paris', 48.8566, 2.3522], Germany: ['DE', 'Berlin', 52.52, 13.405], EIRE: ['IE', 'Dublin', 53.3498, -6.2603],
  Netherlands: ['NL', 'Amsterdam', 52.3676, 4.9041], Spain: ['ES', 'Madrid', 40.4168, -3.7038], Belgium: ['BE', 'Brussels', 50.8503, 4.3517],
  Switzerland: ['CH', 'Zurich', 47.3769, 8.5417], Portugal: ['PT', 'Lisbon', 38.7223, -9.1393], Australia: ['AU', 'Sydney', -33.8688, 151.2093],
  Norway: ['NO', 'Oslo', 59.9139, 10.7522], Italy: ['IT', 'Rome', 41.9028, 12.4964], 'Channel Islands': ['JE', 'St Helier', 49.1858, -2.11],
  Finland: ['FI', 'Helsinki', 60.1699, 24.9384], Cyprus: ['CY', 'Nicosia', 35.1856, 33.3823], Sweden: ['SE', 'Stockholm', 59.3293, 18.0686],
  Austria: ['AT', 'Vienna', 48.2082, 16.3738], Denmark: ['DK', 'Copenhagen', 55.6761, 12.5683], Japan: ['JP', 'Tokyo', 35.6762, 139.6503],
  Poland: ['PL', 'Warsaw', 52.2297, 21.0122], Israel: ['IL', 'Tel Aviv', 32.0853, 34.7818], USA: ['US', 'New York', 40.7128, -74.006],
  'Hong Kong': ['HK', 'Hong Kong', 22.3193, 114.1694], Singapore: ['SG', 'Singapore', 1.3521, 103.8198], Iceland: ['IS', 'Reykjavik', 64.1466, -21.9426],
  Canada: ['CA', 'Toronto', 43.6532, -79.3832], Greece: ['GR', 'Athens', 37.9838, 23.7275], Malta: ['MT', 'Valletta', 35.8989, 14.5146],
  'United Arab Emirates': ['AE', 'Dubai', 25.2048, 55.2708], 'European Community': ['BE', 'Brussels', 50.8503, 4.3517],
  RSA: ['ZA', 'Johannesburg', -26.2041, 28.0473], Lebanon: ['LB', 'Beirut', 33.8938, 35.5018], Lithuania: ['LT', 'Vilnius', 54.6872, 25.2797],
  Brazil: ['BR', 'Sao Paulo', -23.5505, -46.6333], 'Czech Republic': ['CZ', 'Prague', 50.0755, 14.4378], Bahrain: ['BH', 'Manama', 26.2285, 50.586],
  'Saudi Arabia': ['SA', 'Riyadh', 24.7136, 46.6753],
};

/** UK customers are spread over these cities (the file has no address; the customer id picks one, stably). */
const UK_CITIES: readonly Place[] = [
  ['GB', 'London', 51.5074, -0.1278], ['GB', 'Birmingham', 52.4862, -1.8904], ['GB', 'Manchester', 53.4808, -2.2426],
  ['GB', 'Leeds', 53.8008, -1.5491], ['GB', 'Glasgow', 55.8642, -4.2518], ['GB', 'Bristol', 51.4545, -2.5879],
  ['GB', 'Edinburgh', 55.9533, -3.1883], ['GB', 'Newcastle upon Tyne', 54.9783, -1.6178], ['GB', 'Cardiff', 51.4816, -3.1791],
  ['GB', 'Norwich', 52.6309, 1.2974], ['GB', 'Southampton', 50.9097, -1.4044], ['GB', 'Belfast', 54.5973, -5.9301],
];

export type UciDestination = Readonly<{ destination: DestinationInput; known: boolean }>;

const bucket = (key: string, n: number) => createHash('sha1').update(key).digest().readUInt32BE(0) % n;

/**
 * Where an invoice ships: the country's main city, or for UK customers one of twelve cities
 * chosen by the customer id. An unknown or `Unspecified` country ships to London (`known: false`,
 * counted in the summary).
 */
export const destinationFor = (country: string, customerKey: string): UciDestination => {
  const place = UCI_COUNTRIES[country];
  const chosen = place === undefined || place[0] === 'GB' ? UK_CITIES[bucket(customerKey, UK_CITIES.length)]! : place;
  const [code, city, lat, lng] = chosen;
  return { destination: { lat, lng, country: code, city }, known: place !== undefined };
};

/** Working days of carrier transit from a UK DC (Royal Mail / DPD-like service levels, 2011). */
export const transitDays = (countryCode: string): number =>
  countryCode === 'GB' ? 1 : ['IE', 'JE', 'FR', 'BE', 'NL', 'DE'].includes(countryCode) ? 2 : ['AU', 'JP', 'US', 'CA', 'BR', 'ZA', 'SG', 'HK'].includes(countryCode) ? 6 : 4;
