import { createHmac, timingSafeEqual } from 'node:crypto';
import { Navigation, NAVIGATIONS, PageQuery } from './pool-store';
import { badRequest, notSupported } from './problem';

/**
 * The query options the benchmark's list scenarios send, parsed into a page request: `$top`,
 * `$filter=startswith(displayName,'…')`, `$orderby=displayName|id`, `$expand` of the navigation
 * properties by name (no nested options) and the baseline's own keyset `$skiptoken`, signed as the
 * service signs its own (an HMAC over the cursor and the query and tenant it belongs to). Anything
 * else is a 501, as the service answers options it does not implement.
 */

/** Spec §13 default `MAX_PAGE_SIZE`: the baseline pages like the service so both return the same rows. */
const PAGE_SIZE = 100;
const STARTSWITH_DISPLAY_NAME = /^startswith\(\s*displayName\s*,\s*'((?:[^']|'')*)'\s*\)$/;
const ORDER_BY = /^(displayName|id)(\s+asc)?$/;

export interface ListQuery {
  page: PageQuery;
  /** The options to repeat in a nextLink before the new `$skiptoken`, as sent (`name=value&…&`). */
  carried: string;
  /** Without `$top` the server chose the page size, so a nextLink follows when more rows remain. */
  serverPaged: boolean;
  /** What a skip token is bound to besides the tenant: the filter and the ordering. */
  scope: string;
  /** The `$skiptoken` as sent, checked against the tenant once it is known. */
  skipToken?: string;
}

/** `query`: the URL's query string as sent, without `?`. */
export function parseListQuery(query: string): ListQuery {
  let skipToken: string | undefined;
  const page: PageQuery = { orderByName: false, limit: PAGE_SIZE, expand: [] };
  let carried = '';
  let serverPaged = true;
  for (const option of query === '' ? [] : query.split('&')) {
    const equals = option.indexOf('=');
    const name = decodeQueryText(equals < 0 ? option : option.slice(0, equals));
    const value = equals < 0 ? '' : decodeQueryText(option.slice(equals + 1));
    if (name === '$top') {
      const top = Number(value);
      if (!/^\d+$/.test(value)) throw badRequest("'$top' must be a non-negative integer.");
      if (top > PAGE_SIZE) throw notSupported(`The baseline pages only up to $top=${PAGE_SIZE}.`);
      page.limit = top;
      serverPaged = false;
    } else if (name === '$filter') {
      page.namePrefix = parseStartsWith(value);
      carried += `${option}&`;
    } else if (name === '$orderby') {
      const match = ORDER_BY.exec(value.trim());
      if (!match) throw notSupported(`The baseline orders only by displayName or id.`);
      page.orderByName = match[1] === 'displayName';
      carried += `${option}&`;
    } else if (name === '$expand') {
      page.expand = value.split(',').map((item) => {
        if (!(NAVIGATIONS as string[]).includes(item.trim())) throw notSupported(`The baseline expands only ${NAVIGATIONS.join(' and ')}.`);
        return item.trim() as Navigation;
      });
      carried += `${option}&`;
    } else if (name === '$skiptoken') {
      skipToken = value;
    } else if (name.startsWith('$')) {
      throw notSupported(`The query option '${name.slice(0, 40)}' is not supported by the baseline.`);
    }
  }
  const scope = `${page.namePrefix ?? ''}\n${page.orderByName ? 'displayName' : 'id'}`;
  return { page, carried, serverPaged, scope, skipToken };
}

/** A query string's name or value: `+` is a space, then percent-decoding (as URLSearchParams reads it). */
export function decodeQueryText(text: string): string {
  if (text.indexOf('%') < 0 && text.indexOf('+') < 0) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw badRequest('The query string is not validly percent-encoded.');
  }
}

/** Only `startswith(displayName,'…')`: the prefix, quotes undoubled. */
export function parseStartsWith(filter: string): string {
  const match = STARTSWITH_DISPLAY_NAME.exec(filter.trim());
  if (!match) throw notSupported("The baseline filters only with startswith(displayName,'…').");
  return match[1].replace(/''/g, "'");
}

/** Tamper-evident keyset cursors: `payload.signature`, the HMAC bound to the tenant and the query's scope. */
export class SkipTokens {
  constructor(private readonly key: Buffer) {}

  /** The cursor is the sort values of the page's last row, as the service's: `[id]`, or `[displayName, id]`. */
  encode(cursor: readonly string[], tenantId: string, scope: string): string {
    const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
    return `${payload}.${this.sign(payload, tenantId, scope)}`;
  }

  decode(token: string, tenantId: string, scope: string): NonNullable<PageQuery['after']> {
    const [payload, signature, extra] = token.split('.');
    if (payload !== undefined && signature !== undefined && extra === undefined) {
      const expected = Buffer.from(this.sign(payload, tenantId, scope));
      const given = Buffer.from(signature);
      if (expected.length === given.length && timingSafeEqual(expected, given)) {
        const cursor = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
        const [sortValue, id] = cursor.length === 1 ? [cursor[0], cursor[0]] : cursor;
        if (typeof sortValue === 'string' && typeof id === 'string') return { sortValue, id };
      }
    }
    throw badRequest("'$skiptoken' is not valid, or was issued for another query.");
  }

  private sign(payload: string, tenantId: string, scope: string): string {
    return createHmac('sha256', this.key).update(tenantId).update('\n').update(scope).update('\n').update(payload).digest('base64url');
  }
}
