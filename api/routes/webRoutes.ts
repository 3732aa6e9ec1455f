import { fileURLToPath } from 'node:url';
import type { WebPages } from '../http/webPages.js';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The OMS's web pages: the customer tracking page (`/t/:id?token=…`) and the KPI dashboard
 * (`/dashboard`), their assets under `/web/…`, and chart.js served from node_modules (no CDN).
 */
export const omsWebPages = (): WebPages => ({
  assets: [
    { urlPath: '/web/tracking', dir: path('../../web/tracking/') },
    { urlPath: '/web/dashboard', dir: path('../../web/dashboard/') },
  ],
  files: [{ urlPath: '/web/vendor/chart.umd.js', file: path('../../node_modules/chart.js/dist/chart.umd.js') }],
  pages: [
    { path: '/t/:id', file: path('../../web/tracking/index.html') },
    { path: '/dashboard', file: path('../../web/dashboard/index.html') },
  ],
});
