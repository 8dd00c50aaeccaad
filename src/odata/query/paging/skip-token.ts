import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../common/app-error';

/** The sort values of the last row of a page: where the next page starts (a keyset cursor). */
export type Cursor = readonly (string | number | null)[];

/**
 * Opaque, tamper-evident `$skiptoken`s (spec §5): `payload.signature`, the signature an HMAC over the
 * cursor and the query it belongs to (its scope: tenant, filter, ordering, search). A token edited,
 * forged, or replayed against another query or tenant is refused with a 400.
 */
export class SkipTokenCodec {
  constructor(private readonly key: Buffer) {}

  encode(cursor: Cursor, scope: string): string {
    const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
    return `${payload}.${this.sign(payload, scope)}`;
  }

  decode(token: string, scope: string): Cursor {
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined || !this.verify(payload, signature, scope)) {
      throw invalidToken();
    }
    const cursor: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(cursor) || !cursor.every(isCursorValue)) throw invalidToken();
    return cursor;
  }

  private sign(payload: string, scope: string): string {
    return createHmac('sha256', this.key).update(scope).update('\n').update(payload).digest('base64url');
  }

  private verify(payload: string, signature: string, scope: string): boolean {
    const expected = Buffer.from(this.sign(payload, scope));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function invalidToken(): AppError {
  return AppError.invalidInput('The $skiptoken is invalid, or was issued for another query: follow @odata.nextLink exactly as received.');
}

function isCursorValue(value: unknown): value is Cursor[number] {
  return value === null || typeof value === 'string' || typeof value === 'number';
}
