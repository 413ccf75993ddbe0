import { type Route, jsonContent } from '../route.js';

export const openapiRoute: Route = {
  path: '/openapi.json',
  summary: 'This API, described',
  description: 'The OpenAPI 3.1 document of every route, parameter and response, and of the auth scheme.',
  auth: true,
  params: [],
  responses: {
    '200': {
      description: 'The OpenAPI document.',
      content: jsonContent({ $ref: 'https://spec.openapis.org/oas/3.1/schema/2022-10-07' }),
    },
  },
  handle: ({ openapi }) => ({ json: openapi() }),
};
