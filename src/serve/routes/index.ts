import type { Route } from '../route.js';
import { assetsRoute } from './assets-route.js';
import { diffRoute } from './diff-route.js';
import { exportRoute } from './export-route.js';
import { fieldsRoute } from './fields-route.js';
import { healthzRoute } from './healthz-route.js';
import { historyRoute } from './history-route.js';
import { lookupRoute } from './lookup-route.js';
import { openapiRoute } from './openapi-route.js';
import { scansRoute } from './scans-route.js';
import { summaryRoute } from './summary-route.js';

/** Every route the server answers, sorted by path; the OpenAPI document lists exactly these. */
export const ROUTES: readonly Route[] = [
  assetsRoute,
  diffRoute,
  exportRoute,
  fieldsRoute,
  healthzRoute,
  historyRoute,
  lookupRoute,
  openapiRoute,
  scansRoute,
  summaryRoute,
];
