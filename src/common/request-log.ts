import { RequestSlot } from './request-slot';

/**
 * What the stages of a request know that belongs in its one log line (the tenant and app once
 * authenticated, say). A stage adds fields; the request log writes them when the response is sent.
 */
export const REQUEST_LOG_FIELDS = new RequestSlot<Record<string, string>>('log:requestFields');

export function addRequestLogFields(request: object, fields: Record<string, string>): void {
  const earlier = REQUEST_LOG_FIELDS.get(request);
  REQUEST_LOG_FIELDS.set(request, earlier === undefined ? fields : { ...earlier, ...fields });
}

/**
 * A request target fit for a log line: the path, and the names of the query options without their
 * values (a `$filter` may quote a matching identifier; a `$skiptoken` is a credential of sorts).
 */
export function loggableTarget(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const names = url
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => pair.split('=', 1)[0]);
  return `${url.slice(0, queryStart)}?${names.join('&')}`;
}
