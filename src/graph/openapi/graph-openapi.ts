import { componentRef } from '../../odata/openapi/openapi-types';
import type { OpenApiContribution } from '../../odata/openapi/openapi-contributions';

/** The Graph error body (spec §7), named as Microsoft Graph's own OpenAPI description names it. */
const GRAPH_ERROR_SCHEMA = 'microsoft.graph.ODataErrors.ODataError';
const MAIN_ERROR_SCHEMA = 'microsoft.graph.ODataErrors.MainError';
const INNER_ERROR_SCHEMA = 'microsoft.graph.ODataErrors.InnerError';

/**
 * What Microsoft Graph's conventions add to the OpenAPI document: the error body every failure has
 * (spec §7), and the bearer token every operation but the public ones needs (spec §8).
 */
export const GRAPH_OPENAPI: OpenApiContribution = {
  components: {
    schemas: {
      [GRAPH_ERROR_SCHEMA]: { type: 'object', required: ['error'], properties: { error: componentRef('schemas', MAIN_ERROR_SCHEMA) } },
      [MAIN_ERROR_SCHEMA]: {
        type: 'object',
        required: ['code', 'message', 'innerError'],
        properties: {
          code: { type: 'string', description: "One of Graph's documented codes, e.g. `invalidRequest`, `itemNotFound`." },
          message: { type: 'string', description: 'What went wrong, for a person; it never quotes a secret.' },
          innerError: componentRef('schemas', INNER_ERROR_SCHEMA),
        },
      },
      [INNER_ERROR_SCHEMA]: {
        type: 'object',
        required: ['date', 'request-id', 'client-request-id'],
        properties: {
          date: { type: 'string', format: 'date-time' },
          'request-id': {
            type: 'string',
            format: 'uuid',
            description: 'The `request-id` header of the response: quote it when reporting a failure.',
          },
          'client-request-id': { type: 'string', description: 'The `client-request-id` the request sent, or the request-id.' },
        },
      },
    },
    responses: {
      error: {
        description: 'A Microsoft Graph error; 401 carries `WWW-Authenticate`, 429 and 503 carry `Retry-After`.',
        content: { 'application/json': { schema: componentRef('schemas', GRAPH_ERROR_SCHEMA) } },
      },
    },
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token for Microsoft Graph (Microsoft Entra ID, or a dev token from `npm run token`); its `tid` claim is the tenant whose data the request sees.',
      },
    },
  },
  security: [{ bearer: [] }],
};
