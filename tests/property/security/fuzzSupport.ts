import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RouteTableEntry } from '../../../api/http/route.js';

/** One generated request: raw enough to be wrong in every way a client can be wrong. */
export type FuzzRequest = Readonly<{ method: string; path: string; headers: Record<string, string>; body?: Buffer }>;

const SAFE_RAW = /^[!-~]*$/; // printable ASCII without space: what a raw request line can carry
const nasty = ['..', '%00', '%ZZ', '%', '%%', '__proto__', 'constructor', 'prototype', '-1', '1e400', 'NaN', 'null', '[object Object]', 'x'.repeat(300), '\u0000', 'é', '😀', '<script>', "' OR 1=1 --", '../../etc/passwd'];

/** Path parameter values: known ids, sane ids, and garbage (encoded or raw). */
export const paramArb = (knownIds: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...knownIds) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:@~-]{1,24}$/).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom(...nasty).map((v) => (SAFE_RAW.test(v) && !/[#?/]/.test(v) ? v : encodeURIComponent(v))) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent).filter((s) => s.length > 0) },
  );

const queryKey = fc.constantFrom('limit', 'after', 'sku', 'node', 'nodeId', 'country', 'status', 'type', 'channel', 'q', 'orderId', '__proto__', 'constructor[prototype][polluted]', '__proto__[polluted]', 'a[]', 'a[b][c]', 'x'.repeat(100));
const queryValue = fc.oneof(fc.constantFrom('', '0', '-1', '1e400', '9'.repeat(400), 'true', 'null', '[]', '{}', '%ZZ', 'DE', 'web'), fc.string({ maxLength: 20 }), fc.integer().map(String));

export const queryArb = fc
  .array(fc.tuple(queryKey, queryValue, fc.boolean()), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v, encode]) => `${encodeURIComponent(k)}=${encode || !SAFE_RAW.test(v) ? encodeURIComponent(v) : v}`).join('&'));

const FIELDS = ['sku', 'node', 'nodeId', 'quantity', 'orderId', 'customerId', 'currency', 'amount', 'channel', 'lines', 'destination', 'reason', 'reference', 'status', 'name', 'type', 'url', 'events', 'blocked', 'price', 'id', 'location'];
const deep = (n: number, open: string, close: string, leaf = '1') => open.repeat(n) + leaf + close.repeat(n);
const weird = fc.oneof(fc.jsonValue({ maxDepth: 2, depthSize: 'small' }), fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, '19.999', '1e400', '', ' ', 'NaN', true, null, [], {}));

/** Bodies: random JSON, prototype-pollution keys, deep nesting, huge numbers, wrong types, invalid UTF-8, non-JSON. */
export const bodyArb: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4, depthSize: 'small' }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), weird, { maxKeys: 6 }).map((o) => Buffer.from(JSON.stringify(o))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"\\u005f_proto__":{"x":1}}',
      '{"lines":[{"__proto__":{"polluted":1}}]}', '{"toString":"x","hasOwnProperty":1}', '[{"__proto__":[]}]',
    ).map((s) => Buffer.from(s)),
  },
  { weight: 1, arbitrary: fc.constantFrom(40, 200, 1500).map((n) => Buffer.from(deep(n, '[', ']'))) },
  { weight: 1, arbitrary: fc.constantFrom(40, 200, 1500).map((n) => Buffer.from(deep(n, '{"a":', '}'))) },
  { weight: 1, arbitrary: fc.constantFrom('{"quantity":1e400}', '{"quantity":123456789012345678901234567890}', '{"amount":"1e400"}', '{"quantity":-0}', '{"quantity":1.5}', '{"a":1,"a":2}').map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.concat([Buffer.from('{"sku":"'), Buffer.from(b), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '"text"', '123', 'true', '{', '{"a":}', 'sku=a&qty=1', '<xml/>').map((s) => Buffer.from(s)) },
);

const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'application/json; charset=utf-16', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1');
const idempotencyKey = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:@~-]{1,40}$/) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', 'has space', 'x'.repeat(129), 'ä', '../..', '%00', 'k\tv').map((s) => s.replace(/[^\t -~]/g, '?')) },
);

/** `arb` in `percent` % of the runs, null otherwise. */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(null) }, { weight: percent, arbitrary: arb });

/** A request aimed at a table route (or, sometimes, nowhere), with an admin credential. */
export const requestArb = (table: readonly RouteTableEntry[], knownIds: readonly string[], credential: string): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      route: fc.constantFrom(...table),
      params: fc.array(paramArb(knownIds), { minLength: 4, maxLength: 4 }),
      otherMethod: sometimes(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'), 15),
      randomPath: sometimes(fc.array(paramArb(knownIds), { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`), 8),
      query: sometimes(queryArb, 30),
      body: bodyArb,
      contentType,
      contentEncoding: sometimes(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus'), 5),
      idempotencyKey,
      requestId: sometimes(fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\t -~]/g, '?')), 20),
    })
    .map((g) => {
      let i = 0;
      const path = g.randomPath ?? g.route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, () => g.params[i++ % g.params.length]!);
      const method = g.otherMethod ?? g.route.method.toUpperCase();
      const headers: Record<string, string> = { authorization: `Bearer ${credential}` };
      if (g.contentType !== '') headers['content-type'] = g.contentType;
      if (g.contentEncoding !== null) headers['content-encoding'] = g.contentEncoding;
      if (g.idempotencyKey !== undefined) headers['idempotency-key'] = g.idempotencyKey;
      if (g.requestId !== null) headers['x-request-id'] = g.requestId;
      const sendsBody = g.body !== undefined && method !== 'GET' && method !== 'HEAD';
      return { method, path: g.query ? `${path}?${g.query}` : path, headers, ...(sendsBody ? { body: g.body } : {}) };
    });

/**
 * What must not change when a request is refused: the event log head and every read-model table
 * except the runners' checkpoints (the embedded store's SQLite file, read through a separate connection). `data_version` moves
 * whenever another connection commits, so the full digest is only computed after a write.
 */
export function storeWatcher(dataDir: string) {
  const db = new Database(join(dataDir, 'oms.db'), { readonly: true });
  const version = () => db.pragma('data_version', { simple: true }) as number;
  const digest = (): string => {
    const hash = createHash('sha256');
    hash.update(String((db.prepare('SELECT MAX(position) AS head FROM events').get() as { head: number | null }).head));
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\' ORDER BY name").all();
    for (const { name } of tables) {
      // Runner bookkeeping, not data: a live filtered runner reports progress past events it skips
      // (at least once a second), so its checkpoint moves on its own. No request writes it.
      if (name === 'rm_projection_checkpoints') continue;
      hash.update(`\n${name}\n`);
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).iterate()) hash.update(`${JSON.stringify(row)}\n`);
    }
    return hash.digest('hex');
  };
  return { version, digest, close: () => db.close() };
}
