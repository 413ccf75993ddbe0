import { readPiimapVersion } from '../cli/version.js';
import { SCHEMAS } from './openapi-schemas.js';
import type { Route, RouteResponse } from './route.js';

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
const errorResponse = (description: string): RouteResponse => ({ description, content: ERROR_CONTENT });

/**
 * The OpenAPI 3.1 document of a server: built from its routes, so every route, parameter and
 * answer the server gives is described, and nothing else. With a token, every route but the
 * health check requires the bearer scheme.
 */
export function openapiDocument(routes: readonly Route[], { auth }: { auth: boolean }): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'piimap catalog API',
      version: readPiimapVersion(),
      description:
        'Read-only access to a piimap catalog: which fields hold which personal data, how sure piimap is, and why. Only GET is answered (other methods: 405 with Allow: GET). Errors are JSON `{error: {status, message}}`. Started on a loopback address without PIIMAP_TOKEN, the server needs no token and answers only requests whose Host is a loopback name; on any other address it needs PIIMAP_TOKEN, sent as `Authorization: Bearer <token>`. The same server serves a catalog browser at /ui/ (HTML, not described here), which reads the catalog through these routes.',
    },
    ...(auth && { security: [{ bearerAuth: [] }] }),
    paths: Object.fromEntries(routes.map((route) => [route.path, { get: operation(route, auth) }])),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The PIIMAP_TOKEN the server was started with.',
        },
      },
      schemas: SCHEMAS,
    },
  };
}

function operation(route: Route, auth: boolean): object {
  const guarded = auth && route.auth;
  return {
    operationId: operationId(route.path),
    summary: route.summary,
    description: route.description,
    ...(auth && !route.auth && { security: [] }),
    parameters: route.params.map((param) => ({
      name: param.name,
      in: 'query',
      required: false,
      description: param.description,
      schema: param.schema,
    })),
    responses: {
      ...route.responses,
      '400': errorResponse(
        route.params.length > 0
          ? 'A parameter that is unknown, repeated, of the wrong type or out of range, or a request the catalog cannot answer as asked.'
          : 'An unknown query parameter, or a Host that is not a loopback name (loopback without a token).',
      ),
      ...(guarded && {
        '401': errorResponse('No bearer token, or not the right one (WWW-Authenticate: Bearer).'),
      }),
      '500': errorResponse('The catalog could not be read.'),
    },
  };
}

/** `/openapi.json` → `getOpenapi`, `/healthz` → `getHealthz`. */
function operationId(path: string): string {
  const name = path.replace(/^\//, '').replace(/\.json$/, '');
  return `get${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}
