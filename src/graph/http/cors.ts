import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { GRAPH_METHODS } from '../graph-roots';

/** What a browser client needs to read from Graph responses besides the CORS-safelisted headers. */
const EXPOSED_HEADERS = [
  'request-id',
  'client-request-id',
  'location',
  'etag',
  'retry-after',
  'odata-version',
  'preference-applied',
  'www-authenticate',
];

/** What a Graph client sends besides the CORS-safelisted headers. */
const ALLOWED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'client-request-id',
  'prefer',
  'if-match',
  'if-none-match',
  'odata-version',
  'odata-maxversion',
  'consistencylevel',
];

const PREFLIGHT_CACHE_SECONDS = 600;

/**
 * CORS for the listed origins (`CORS_ORIGINS`), off when there are none. Registered before the request
 * gates, so that a preflight (which carries no token) is answered before authentication; the requests
 * that follow it go through every gate as usual.
 */
export async function registerCors(fastify: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  await fastify.register(fastifyCors, {
    origin: [...origins],
    methods: [...GRAPH_METHODS],
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_CACHE_SECONDS,
    // An OPTIONS without the preflight headers is answered like a preflight rather than with the plugin's plain-text 400.
    strictPreflight: false,
    hook: 'onRequest',
  });
}
