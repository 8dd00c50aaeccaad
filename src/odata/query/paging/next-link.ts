import type { FastifyRequest } from 'fastify';
import { requestOrigin } from '../../serialization/service-root';
import { systemOptionName } from '../parser';

/** Options a next link sets itself: the cursor replaces `$skip`, and `$top` counts what is left. */
const REPLACED_OPTIONS = new Set(['skiptoken', 'skip', 'top']);

/**
 * The absolute `@odata.nextLink` for a page (spec §5): the request's own URL, every other option
 * kept exactly as the client sent it, with `$skiptoken` (and the remaining `$top`) set.
 */
export function nextLinkFor(request: FastifyRequest, skipToken: string, remainingTop: number | undefined): string {
  const url = request.originalUrl ?? request.url;
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const kept = (queryStart === -1 ? '' : url.slice(queryStart + 1))
    .split('&')
    .filter((pair) => pair !== '' && !REPLACED_OPTIONS.has(optionName(pair)));
  if (remainingTop !== undefined) kept.push(`$top=${remainingTop}`);
  kept.push(`$skiptoken=${encodeURIComponent(skipToken)}`);
  return `${requestOrigin(request)}${path}?${kept.join('&')}`;
}

function optionName(pair: string): string {
  const rawName = pair.split('=', 1)[0];
  let name: string;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    name = rawName;
  }
  return systemOptionName(name);
}
