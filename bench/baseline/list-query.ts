import { Navigation, NAVIGATIONS, PageQuery } from './pool-store';
import { badRequest, notSupported } from './problem';

/**
 * The query options the benchmark's list scenarios send, parsed into a page request: `$top`,
 * `$filter=startswith(displayName,'…')`, `$orderby=displayName|id`, `$expand` of the navigation
 * properties by name (no nested options) and the baseline's own keyset `$skiptoken`. Anything else is a 501, as the service answers options it does not implement.
 */

/** Spec §13 default `MAX_PAGE_SIZE`: the baseline pages like the service so both return the same rows. */
const PAGE_SIZE = 100;
const STARTSWITH_DISPLAY_NAME = /^startswith\(\s*displayName\s*,\s*'((?:[^']|'')*)'\s*\)$/;
const ORDER_BY = /^(displayName|id)(\s+asc)?$/;

export interface ListQuery {
  page: PageQuery;
  /** The options to repeat in a nextLink, next to the new `$skiptoken`. */
  carried: URLSearchParams;
  /** Without `$top` the server chose the page size, so a nextLink follows when more rows remain. */
  serverPaged: boolean;
}

export function parseListQuery(search: URLSearchParams): ListQuery {
  const page: PageQuery = { orderByName: false, limit: PAGE_SIZE, expand: [] };
  const carried = new URLSearchParams();
  let serverPaged = true;
  for (const [name, value] of search) {
    if (name === '$top') {
      const top = Number(value);
      if (!/^\d+$/.test(value)) throw badRequest("'$top' must be a non-negative integer.");
      if (top > PAGE_SIZE) throw notSupported(`The baseline pages only up to $top=${PAGE_SIZE}.`);
      page.limit = top;
      serverPaged = false;
    } else if (name === '$filter') {
      page.namePrefix = parseStartsWith(value);
      carried.set(name, value);
    } else if (name === '$orderby') {
      const match = ORDER_BY.exec(value.trim());
      if (!match) throw notSupported(`The baseline orders only by displayName or id.`);
      page.orderByName = match[1] === 'displayName';
      carried.set(name, value);
    } else if (name === '$expand') {
      page.expand = value.split(',').map((item) => {
        if (!(NAVIGATIONS as string[]).includes(item.trim())) throw notSupported(`The baseline expands only ${NAVIGATIONS.join(' and ')}.`);
        return item.trim() as Navigation;
      });
      carried.set(name, value);
    } else if (name === '$skiptoken') {
      page.after = decodeSkipToken(value);
    } else if (name.startsWith('$')) {
      throw notSupported(`The query option '${name.slice(0, 40)}' is not supported by the baseline.`);
    }
  }
  return { page, carried, serverPaged };
}

/** Only `startswith(displayName,'…')`: the prefix, quotes undoubled. */
export function parseStartsWith(filter: string): string {
  const match = STARTSWITH_DISPLAY_NAME.exec(filter.trim());
  if (!match) throw notSupported("The baseline filters only with startswith(displayName,'…').");
  return match[1].replace(/''/g, "'");
}

export function encodeSkipToken(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

function decodeSkipToken(token: string): PageQuery['after'] {
  try {
    const [sortValue, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof sortValue === 'string' && typeof id === 'string') return { sortValue, id };
  } catch {
    // Falls through to the 400 below.
  }
  throw badRequest("'$skiptoken' is not valid.");
}
