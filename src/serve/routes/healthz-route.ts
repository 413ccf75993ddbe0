import { type Route, jsonContent, schemaRef } from '../route.js';

export const healthzRoute: Route = {
  path: '/healthz',
  summary: 'Liveness',
  description: 'Answers while the server runs; needs no token and says nothing about the catalog.',
  auth: false,
  params: [],
  responses: { '200': { description: 'The server is up.', content: jsonContent(schemaRef('Health')) } },
  handle: () => ({ json: { status: 'ok' } }),
};
