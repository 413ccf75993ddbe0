// The OpenAPI document and the server agree: the same routes, every documented parameter is
// accepted, every status answered is documented, and bodies match the documented schemas.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROUTES, type RunningServer, startServer } from '../../src/serve/index.js';
import { type ErrorBody, demoCatalog } from './demo-catalog.js';

interface Operation {
  operationId: string;
  parameters: { name: string; in: string; schema: ParamSchema }[];
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface ParamSchema {
  type: string;
  enum?: string[];
  format?: string;
  minimum?: number;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
}

let remove: () => void;
let server: RunningServer;
let doc: OpenApi;

before(async () => {
  let catalog: string;
  ({ catalog, remove } = await demoCatalog('serve-openapi'));
  server = await startServer({ catalog, host: '127.0.0.1', port: 0 });
  doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApi;
});
after(async () => {
  await server.close();
  remove();
});

test('an OpenAPI 3.1 document with the bearer scheme and a GET per path', () => {
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
    type: 'http',
    scheme: 'bearer',
    description: 'The PIIMAP_TOKEN the server was started with.',
  });
  for (const [path, item] of Object.entries(doc.paths)) assert.deepEqual(Object.keys(item), ['get'], path);
  const ids = Object.values(doc.paths).map((item) => item.get?.operationId);
  assert.equal(new Set(ids).size, ids.length);
});

test('every route the server answers is documented, and every documented path is answered', async () => {
  assert.deepEqual(Object.keys(doc.paths).sort(), ROUTES.map((r) => r.path).sort());
  for (const path of Object.keys(doc.paths)) {
    const response = await fetch(server.url + path);
    const body = (await response.json()) as Partial<ErrorBody>;
    assert.ok(!/no such route/.test(body.error?.message ?? ''), path);
  }
  const unknown = await fetch(`${server.url}/not-a-route`);
  assert.equal(unknown.status, 404);
});

test('every documented parameter is accepted; every status answered is documented', async () => {
  for (const [path, { get }] of Object.entries(doc.paths) as [string, { get: Operation }][]) {
    const queries = ['', 'unknownParameter=1', ...get.parameters.map((p) => `${p.name}=${sample(p.schema)}`)];
    for (const query of queries) {
      const response = await fetch(`${server.url}${path}?${query}`);
      const text = await response.text();
      assert.ok(
        get.responses[String(response.status)],
        `${path}?${query}: ${response.status} is not documented`,
      );
      if (query.startsWith('unknownParameter')) assert.equal(response.status, 400, path);
      else assert.ok(!/not a parameter of this route/.test(text), `${path}?${query}: ${text}`);
    }
  }
});

test('answers match the documented schemas', async () => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ ...doc, $id: 'openapi' });
  const checks: [string, string][] = [
    ['/lookup?id=shop.customers.email', '200'],
    ['/lookup?id=shop.customers.nope', '404'],
    ['/fields?pii=true', '200'],
    ['/fields?pageSize=501', '400'],
    ['/scans', '200'],
    ['/diff', '404'],
    ['/healthz', '200'],
  ];
  for (const [url, status] of checks) {
    const response = await fetch(server.url + url);
    assert.equal(String(response.status), status, url);
    const path = new URL(url, 'http://x').pathname.replace(/\//g, '~1');
    const validate = ajv.compile({
      $ref: `openapi#/paths/${path}/get/responses/${status}/content/application~1json/schema`,
    });
    const body: unknown = await response.json();
    assert.ok(validate(body), `${url}: ${JSON.stringify(validate.errors)}`);
  }
});

function sample(schema: ParamSchema): string {
  if (schema.enum !== undefined) return schema.enum[0] ?? '';
  if (schema.format === 'date-time') return '2024-01-01T00:00:00Z';
  switch (schema.type) {
    case 'boolean':
      return 'true';
    case 'integer':
      return String(schema.minimum ?? 1);
    case 'number':
      return '0.5';
    default:
      return 'shop.customers.email';
  }
}
