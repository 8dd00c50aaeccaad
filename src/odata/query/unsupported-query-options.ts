import { AppError } from '../../common/app-error';

/** OData 4.01 Part 2 §5: system query options, accepted with or without `$`, case-insensitively. */
const SYSTEM_QUERY_OPTIONS = new Set([
  'filter', 'select', 'expand', 'orderby', 'top', 'skip', 'count', 'search', 'skiptoken', 'deltatoken',
  'format', 'apply', 'compute', 'levels', 'index', 'schemaversion', 'id',
]);

/**
 * OData conformance: a system query option the service does not implement is a 501, never silently
 * ignored (a client that asked for `$top=5` must not receive everything). Custom options (no `$`, not
 * a system name) are allowed and ignored.
 */
export function rejectUnsupportedQueryOptions(query: Record<string, unknown>, supported: ReadonlySet<string> = new Set()): void {
  for (const key of Object.keys(query)) {
    const name = key.toLowerCase().replace(/^\$/, '');
    if ((key.startsWith('$') || SYSTEM_QUERY_OPTIONS.has(name)) && !supported.has(name)) {
      throw AppError.notImplemented(`The query option '${key.slice(0, 40)}' is not supported on this resource.`);
    }
  }
}
