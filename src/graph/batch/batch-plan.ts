import { GraphHttpError } from '../errors/graph-error';
import { validateGraphBody } from '../body/graph-body-validation';
import { DEFAULT_MAX_JSON_ELEMENTS } from '../body/json-text';
import { BatchEnvelopeDto, BatchRequestDto, MAX_BATCH_REQUESTS } from './batch-request.dto';

/** One request of a batch, ready to be sent through the service's own pipeline. */
export interface BatchStep {
  readonly id: string;
  /** Upper case. */
  readonly method: string;
  /**
   * The origin-form target under a service root (`/beta/deviceManagement/…?$top=5`), or, for a URL
   * that starts with `$<id>` of a request it depends on, that reference, resolved once its response is in.
   */
  readonly target: string | EntityReference;
  /** Lower-case names; never `authorization`, `host` or a hop-by-hop header (the batch request's own apply). */
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: string | Buffer;
  /** Ids of earlier requests of the batch that must succeed first. */
  readonly dependsOn: readonly string[];
}

/**
 * OData Part 1 §11.7.7.2: `$1/assignments` addresses what request `1` created, by the `Location` of its
 * response, which is how a batch reads or changes an entity whose id the server has yet to assign.
 */
export interface EntityReference {
  readonly requestId: string;
  /** What follows `$<id>` in the URL: a path and query, or nothing. */
  readonly rest: string;
}

/** Where the batch was sent: its root, every root of the service, and the scheme and host it was addressed to. */
export interface BatchOrigin {
  readonly root: string;
  readonly roots: readonly string[];
  /** `http://host:port` as the client addressed the service. */
  readonly origin: string;
}

/**
 * The batch envelope may carry what its requests may carry together; the body limit (16 MiB) bounds it
 * anyway, and each request's body is checked again, with its route's own limits, when it runs.
 */
const MAX_BATCH_JSON_ELEMENTS = MAX_BATCH_REQUESTS * DEFAULT_MAX_JSON_ELEMENTS;

/** Headers a batched request may not set: the transport's, and the credentials of the batch request. */
const TRANSPORT_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-authorization',
]);

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** `application/json` or a `+json` type, with or without parameters. */
export function isJsonMediaType(contentType: string): boolean {
  return JSON_MEDIA_TYPE.test(contentType);
}
const TEXT_MEDIA_TYPE = /^text\//i;
const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:/i;
const REFERENCE = /^\$([^/?]+)(.*)$/s;

/**
 * Spec §12: reads a `$batch` body into the steps to run, or refuses the whole batch with a 400 naming
 * the request at fault: a malformed envelope, more than 20 requests, duplicate ids, a `dependsOn` that
 * names no earlier request, a nested `$batch`, a URL on another host or outside the service roots.
 */
export async function planBatch(body: unknown, origin: BatchOrigin): Promise<BatchStep[]> {
  const envelope = await validateGraphBody(body, BatchEnvelopeDto, { maxElements: MAX_BATCH_JSON_ELEMENTS });
  const steps: BatchStep[] = [];
  const earlierIds = new Set<string>();
  for (const [index, item] of envelope.requests.entries()) {
    const where = `requests[${index}]`;
    const request = await validateGraphBody(item, BatchRequestDto).catch((error: unknown) => {
      throw error instanceof GraphHttpError ? GraphHttpError.badRequest(`In ${where}: ${error.message}`) : error;
    });
    const at = `${where} (id '${request.id}')`;
    if (earlierIds.has(request.id))
      throw GraphHttpError.badRequest(`${at}: the id is used by an earlier request; ids must be unique in a batch.`);
    for (const dependency of request.dependsOn ?? []) {
      if (!earlierIds.has(dependency)) {
        throw GraphHttpError.badRequest(
          `${at}: dependsOn names '${dependency.slice(0, 128)}', which is not the id of an earlier request of this batch.`,
        );
      }
    }
    earlierIds.add(request.id);
    const headers = requestHeaders(request, at);
    const reference = REFERENCE.exec(request.url);
    steps.push({
      id: request.id,
      method: request.method.toUpperCase(),
      target:
        reference !== null && request.dependsOn?.includes(reference[1])
          ? { requestId: reference[1], rest: reference[2] }
          : resolveTarget(request.url, origin, at),
      headers,
      payload: payloadOf(request.body, headers, at),
      dependsOn: request.dependsOn ?? [],
    });
  }
  return steps;
}

function requestHeaders({ headers }: BatchRequestDto, at: string): Record<string, string> {
  const lowerCased: Record<string, string> = {};
  // `"headers": null` passed the DTO as absent (WhenPresent), so it means no headers.
  for (const [name, value] of Object.entries(headers ?? {})) {
    const key = name.toLowerCase();
    if (key === 'authorization') {
      throw GraphHttpError.badRequest(`${at}: a batched request is sent with the batch request's Authorization header; remove its own.`);
    }
    if (!TRANSPORT_HEADERS.has(key)) lowerCased[key] = value;
  }
  return lowerCased;
}

/**
 * OData JSON Format §19.1: a URL relative to the service root, or absolute on this service. The Graph
 * SDKs send the path with the version segment (`/v1.0/me`), so a first segment naming a root is one.
 */
export function resolveTarget(url: string, { root, roots, origin }: BatchOrigin, at: string): string {
  let target: string;
  if (ABSOLUTE_URL.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw GraphHttpError.badRequest(`${at}: the url is not a valid absolute URL.`);
    }
    if (parsed.origin !== sameOriginAs(origin)) {
      throw GraphHttpError.badRequest(`${at}: the url points at another host; a batch may only address this service (${origin}).`);
    }
    target = `${parsed.pathname}${parsed.search}`;
  } else {
    const relative = url.replace(/^\/+/, '');
    target = roots.includes(relative.split(/[/?]/, 1)[0]) ? `/${relative}` : `/${root}/${relative}`;
  }
  const path = decodedPath(target, at);
  if (!roots.some((candidate) => path === `/${candidate}` || path.startsWith(`/${candidate}/`))) {
    throw GraphHttpError.badRequest(`${at}: the url is outside the service roots (${roots.map((name) => `/${name}`).join(', ')}).`);
  }
  if (/\/\$batch\/?$/i.test(path)) throw GraphHttpError.badRequest(`${at}: a batch cannot contain another $batch.`);
  return target;
}

/** The origin as URL normalizes it (lower case, no default port), or none when it is no valid origin. */
function sameOriginAs(origin: string): string | undefined {
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}

function decodedPath(target: string, at: string): string {
  try {
    return decodeURIComponent(target.split('?', 1)[0]);
  } catch {
    throw GraphHttpError.badRequest(`${at}: the url's path holds a malformed percent-encoding.`);
  }
}

/**
 * The body as bytes, by its media type (OData JSON Format §19.1): JSON as JSON, text as a string, any
 * other type as base64url. A JSON body with no Content-Type is taken as `application/json`.
 */
function payloadOf(body: unknown, headers: Record<string, string>, at: string): string | Buffer | undefined {
  if (body === undefined) return undefined;
  const contentType = headers['content-type'] ?? (typeof body === 'string' ? undefined : 'application/json');
  if (contentType === undefined) throw GraphHttpError.badRequest(`${at}: a body given as a string needs a Content-Type header.`);
  headers['content-type'] = contentType;
  if (isJsonMediaType(contentType)) return JSON.stringify(body);
  if (typeof body !== 'string') throw GraphHttpError.badRequest(`${at}: a ${contentType.slice(0, 100)} body must be given as a string.`);
  return TEXT_MEDIA_TYPE.test(contentType) ? body : Buffer.from(body, 'base64url');
}
