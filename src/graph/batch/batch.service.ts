import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest, LightMyRequestResponse as InjectedResponse } from 'fastify';
import { GraphHttpError, graphErrorBody } from '../errors/graph-error';
import { GRAPH_JSON_CONTENT_TYPE, graphHeadersFor } from '../http/graph-response-hooks';
import { BatchOrigin, BatchStep, EntityReference, isJsonMediaType, planBatch, resolveTarget } from './batch-plan';
import { BatchResponse, runBatch } from './batch-runner';

/** Response headers that describe the connection of a request that never had one of its own. */
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

/** What the batch request passes on to each of its requests: its credentials and how it was addressed (for absolute links). */
const INHERITED_HEADERS = ['authorization', 'host', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-for', 'forwarded'] as const;

/**
 * Header names as Graph writes them in batch responses (`Content-Type`, `Location`, `OData-Version`):
 * the SDKs' batch readers look names up exactly (the JavaScript one parses a body as JSON only under
 * `Content-Type`). Graph's own id headers keep their lower-case spelling.
 */
const HEADER_SPELLINGS: Readonly<Record<string, string>> = {
  'odata-version': 'OData-Version',
  etag: 'ETag',
  'www-authenticate': 'WWW-Authenticate',
  'request-id': 'request-id',
  'client-request-id': 'client-request-id',
};

function spelledAsGraphDoes(name: string): string {
  return HEADER_SPELLINGS[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

/**
 * Spec §12: JSON `$batch`. Each request is injected into the application's own HTTP pipeline, so it
 * is routed, authenticated, authorized, throttled, validated, tenant-scoped and rendered exactly as if
 * it had been sent alone (the write-only rule included); the batch only plans, orders and collects.
 */
@Injectable()
export class BatchService {
  private readonly logger = new Logger('BatchService');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async run(body: unknown, batchRequest: FastifyRequest, origin: BatchOrigin): Promise<BatchResponse[]> {
    const steps = await planBatch(body, origin);
    return runBatch(
      steps,
      (step, dependencies) => this.dispatch(step, dependencies, batchRequest, origin),
      (step, failed) =>
        errorResponse(
          step,
          new GraphHttpError(
            424,
            'failedDependency',
            `Request '${step.id}' was not run: it depends on request '${failed.id}', which failed with status ${failed.status}.`,
          ),
          batchRequest,
        ),
    );
  }

  private async dispatch(
    step: BatchStep,
    dependencies: ReadonlyMap<string, BatchResponse>,
    batchRequest: FastifyRequest,
    origin: BatchOrigin,
  ): Promise<BatchResponse> {
    let target: string;
    try {
      target = typeof step.target === 'string' ? step.target : referencedTarget(step.target, dependencies, origin);
    } catch (error) {
      if (error instanceof GraphHttpError) return errorResponse(step, error, batchRequest);
      throw error;
    }
    const headers: Record<string, string> = { ...step.headers };
    for (const name of INHERITED_HEADERS) {
      const value = batchRequest.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const response = await this.adapterHost.httpAdapter.getInstance<FastifyInstance>().inject({
        method: step.method as 'GET',
        url: target,
        headers,
        payload: step.payload,
        remoteAddress: batchRequest.ip,
      });
      return { id: step.id, status: response.statusCode, headers: batchResponseHeaders(response.headers), body: responseBody(response) };
    } catch (error) {
      // The pipeline answers every failure itself; reaching here means the application is shutting down or broken.
      this.logger.error(`batch ${batchRequest.id}: request '${step.id}' could not be run`, (error as Error).stack);
      return errorResponse(step, GraphHttpError.internal(), batchRequest);
    }
  }
}

/** The target of `$<id>…`: the `Location` of request `<id>`'s response, then the rest of the URL. */
function referencedTarget(
  { requestId, rest }: EntityReference,
  dependencies: ReadonlyMap<string, BatchResponse>,
  origin: BatchOrigin,
): string {
  const location = dependencies.get(requestId)?.headers.Location;
  if (location === undefined) {
    throw GraphHttpError.badRequest(
      `The url refers to $${requestId}, but the response to request '${requestId}' has no Location to refer to.`,
    );
  }
  return resolveTarget(`${location}${rest}`, origin, `The url $${requestId}${rest.slice(0, 200)}`);
}

/** A response the batch gives itself, for a request the pipeline did not answer; its ids are the batch request's. */
function errorResponse(step: BatchStep, error: GraphHttpError, batchRequest: FastifyRequest): BatchResponse {
  const { requestId, clientRequestId, headers } = graphHeadersFor(batchRequest);
  return {
    id: step.id,
    status: error.status,
    headers: batchResponseHeaders({ ...headers, 'content-type': GRAPH_JSON_CONTENT_TYPE }),
    body: graphErrorBody(error.code, error.message, requestId, clientRequestId),
  };
}

/** A response's headers as a batch response carries them: Graph's spelling, no transport headers. */
function batchResponseHeaders(headers: InjectedResponse['headers']): Record<string, string> {
  const spelled: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name))
      spelled[spelledAsGraphDoes(name)] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return spelled;
}

/** OData JSON Format §19.2: JSON as JSON, text as a string, anything else base64url; no body, no member. */
function responseBody(response: InjectedResponse): unknown {
  if (response.rawPayload.length === 0) return undefined;
  const contentType = String(response.headers['content-type'] ?? '');
  if (isJsonMediaType(contentType)) return JSON.parse(response.payload) as unknown;
  if (contentType.startsWith('text/')) return response.payload;
  return response.rawPayload.toString('base64url');
}
