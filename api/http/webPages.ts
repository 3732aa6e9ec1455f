import express, { type Express } from 'express';
import { labelRoute } from './edge.js';

/**
 * Static web pages served by the OMS (no framework, no CDN): asset folders, single files (e.g.
 * a vendored library) and HTML pages whose path carries parameters the page's script reads
 * (`/t/:id` → web/tracking/index.html). Public: pages hold no data; they call the API with the
 * caller's own credential (a tracking token, an API key).
 */
export type WebPages = Readonly<{
  assets?: readonly Readonly<{ urlPath: string; dir: string }>[];
  files?: readonly Readonly<{ urlPath: string; file: string }>[];
  pages?: readonly Readonly<{ path: string; file: string }>[];
}>;

export function mountWebPages(app: Express, web: WebPages): void {
  for (const a of web.assets ?? []) app.use(a.urlPath, labelRoute(a.urlPath), express.static(a.dir, { index: false, fallthrough: true, maxAge: '5m' }));
  for (const f of web.files ?? []) {
    app.get(f.urlPath, labelRoute(f.urlPath), (_req, res, next) => res.sendFile(f.file, { maxAge: '1h' }, (e) => e && next(e)));
  }
  for (const p of web.pages ?? []) {
    app.get(p.path, labelRoute(p.path), (_req, res, next) => res.sendFile(p.file, { headers: { 'Cache-Control': 'no-store' } }, (e) => e && next(e)));
  }
}
