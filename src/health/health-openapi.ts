import type { OpenApiContribution } from '../odata/openapi/openapi-contributions';
import type { OpenApiOperation } from '../odata/openapi/openapi-types';

/** Terminus's report, the body of both answers: each check under `details`, failed ones also under `error`. */
const HEALTH_REPORT = {
  type: 'object',
  required: ['status', 'details'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object' },
    error: { type: 'object' },
    details: { type: 'object' },
  },
};

function healthCheck(operationId: string, summary: string, description?: string): OpenApiOperation {
  return {
    operationId,
    summary,
    ...(description === undefined ? {} : { description }),
    tags: ['health'],
    responses: {
      200: { description: 'Healthy', content: { 'application/json': { schema: HEALTH_REPORT } } },
      503: {
        description: 'Not healthy; the report says which check failed',
        headers: { 'Retry-After': { schema: { type: 'integer' } } },
        content: { 'application/json': { schema: HEALTH_REPORT } },
      },
    },
  };
}

/** `/health/live` and `/health/ready` in the OpenAPI document: outside the service roots, without credentials. */
export const HEALTH_OPENAPI: OpenApiContribution = {
  operations: [
    {
      path: 'health/live',
      method: 'get',
      outsideServiceRoot: true,
      public: true,
      operation: healthCheck('health.live', 'Liveness: the process answers'),
    },
    {
      path: 'health/ready',
      method: 'get',
      outsideServiceRoot: true,
      public: true,
      operation: healthCheck(
        'health.ready',
        'Readiness: the database answers and its migrations are applied',
        'With REDIS_URL set, `details.redis` reports the shared throttling store without ever failing the check: ' +
          '`limits` is `shared` while Redis answers, `per-instance` while it is unreachable or slower than 50 ms.',
      ),
    },
  ],
};
