import type { OpenApiContribution } from '../../odata/openapi/openapi-contributions';
import { componentRef } from '../../odata/openapi/openapi-types';
import { BATCH_METHODS, MAX_BATCH_REQUESTS } from './batch-request.dto';

/** The body of `POST {root}/$batch`, named so that modules can give it an example of their requests. */
export const BATCH_REQUEST_SCHEMA = 'batchRequest';
const BATCH_RESPONSE_SCHEMA = 'batchResponse';

const HEADERS = { type: 'object', additionalProperties: { type: 'string' } };

/** JSON `$batch` (spec §12, OData JSON Format §19) in the OpenAPI document. */
export const BATCH_OPENAPI: OpenApiContribution = {
  components: {
    schemas: {
      [BATCH_REQUEST_SCHEMA]: {
        type: 'object',
        required: ['requests'],
        properties: {
          requests: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_BATCH_REQUESTS,
            items: {
              type: 'object',
              required: ['id', 'method', 'url'],
              properties: {
                id: { type: 'string', description: 'Unique in the batch; the response with the same id answers this request.' },
                method: { type: 'string', enum: [...BATCH_METHODS] },
                url: { type: 'string', description: 'Relative to the service root, e.g. `/deviceManagement`.' },
                headers: HEADERS,
                body: { description: 'The JSON body of a POST or PATCH.' },
                dependsOn: {
                  type: 'array',
                  items: { type: 'string' },
                  description: 'Ids of requests that must succeed first; when one does not, this one is answered 424.',
                },
              },
            },
          },
        },
      },
      [BATCH_RESPONSE_SCHEMA]: {
        type: 'object',
        required: ['responses'],
        properties: {
          responses: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'status'],
              properties: { id: { type: 'string' }, status: { type: 'integer' }, headers: HEADERS, body: {} },
            },
          },
        },
      },
    },
  },
  operations: [
    {
      path: '$batch',
      method: 'post',
      operation: {
        operationId: 'batch',
        summary: `Send up to ${MAX_BATCH_REQUESTS} requests at once (JSON batch)`,
        description:
          'Each request is authenticated, checked and throttled as if it were sent alone; one whose dependency failed is answered 424. ' +
          `Duplicate ids, more than ${MAX_BATCH_REQUESTS} requests or a nested \`$batch\` make the whole batch a 400. The requests are not atomic together.`,
        tags: ['batch'],
        requestBody: { required: true, content: { 'application/json': { schema: componentRef('schemas', BATCH_REQUEST_SCHEMA) } } },
        responses: {
          200: {
            description: 'One response per request, by id',
            content: { 'application/json': { schema: componentRef('schemas', BATCH_RESPONSE_SCHEMA) } },
          },
        },
      },
    },
  ],
};
