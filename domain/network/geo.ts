/**
 * Geography rules for node locations, kept as data so validation does not depend on the ICU build
 * of the running Node (the domain must decide the same way everywhere).
 */

/** ISO 3166-1 alpha-2 officially assigned codes (249). */
const ISO_COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
    'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
    'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
    'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
    'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
    'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export const isIsoCountry = (value: unknown): value is string => typeof value === 'string' && ISO_COUNTRIES.has(value);

export const isoCountries = (): readonly string[] => [...ISO_COUNTRIES];

/**
 * "IANA-looking": `UTC`, `Etc/…`, or `Area/Location[/Sub]` with the tz database's character set
 * (e.g. `Europe/Paris`, `America/Argentina/Buenos_Aires`, `America/Port-au-Prince`). Whether the
 * zone exists in a given tzdata release is checked where local times are computed (luxon), not here.
 */
const TIMEZONE_PATTERN = /^(?:UTC|Etc\/[A-Za-z0-9+-]{1,16}|[A-Z][A-Za-z]+(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$/;

export const isTimezone = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 64 && TIMEZONE_PATTERN.test(value);

/** 24-hour local time "HH:MM" (00:00 … 23:59). */
export const isLocalTime = (value: unknown): value is string =>
  typeof value === 'string' && /^(?:[01]\d|2[0-3]):[0-5]\d$/.test(value);

/** A real calendar date "YYYY-MM-DD" (rejects 2025-02-30). Parsed as UTC only to check it exists. */
export const isLocalDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

export const isLatitude = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= -90 && value <= 90;

export const isLongitude = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= -180 && value <= 180;
