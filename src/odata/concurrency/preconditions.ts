import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../common/app-error';
import { RequestSlot } from '../../common/request-slot';
import { weakEntityTag } from './entity-tags';

/** What an `If-Match` or `If-None-Match` names: any current entity (`*`), or these opaque tags (quotes included, `W/` left out). */
type EntityTagList = '*' | readonly string[];

/** What a GET of an entity does under the request's preconditions (RFC 9110 §13.2.2). */
export type ReadOutcome = 'proceed' | 'notModified' | 'failed';

/**
 * One element of an entity-tag list (RFC 9110 §5.6.1, §8.8.3): optional blanks, a tag or nothing (empty
 * elements are allowed), optional blanks, then a comma or the end. An opaque tag may hold commas.
 */
const LIST_ELEMENT = /[ \t]*(?:(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*"))?[ \t]*(,|$)/y;

/**
 * A request's `If-Match` and `If-None-Match` (RFC 9110 §13.1.1–2; OData Part 1 §8.2.4–5), evaluated
 * against the ETag of an entity that exists (one that does not is a 404 whatever they say). Tags are
 * compared weakly (RFC 9110 §8.8.3.2) for both, since OData's ETags are weak and `If-Match` is how
 * OData clients send them back.
 */
export class RequestPreconditions {
  static readonly NONE = new RequestPreconditions(undefined, undefined);

  private constructor(
    private readonly ifMatch: EntityTagList | undefined,
    private readonly ifNoneMatch: EntityTagList | undefined,
  ) {}

  /** The request's preconditions; a malformed header is a 400 rather than a condition silently dropped. */
  static of(headers: IncomingHttpHeaders): RequestPreconditions {
    const ifMatch = entityTagList(headers['if-match'], 'If-Match');
    const ifNoneMatch = entityTagList(headers['if-none-match'], 'If-None-Match');
    return ifMatch === undefined && ifNoneMatch === undefined ? RequestPreconditions.NONE : new RequestPreconditions(ifMatch, ifNoneMatch);
  }

  /** RFC 9110 §13.2.2 steps 1 and 3 for a GET or HEAD: a false If-Match is a 412, a true If-None-Match a 304. */
  readOutcome(etag: string): ReadOutcome {
    if (!this.ifMatchHolds(etag)) return 'failed';
    return this.ifNoneMatchHolds(etag) ? 'proceed' : 'notModified';
  }

  /** Whether a write may change the entity that has `etag`: on a write, a false If-None-Match is a 412 too. */
  permitsWrite(etag: string): boolean {
    return this.ifMatchHolds(etag) && this.ifNoneMatchHolds(etag);
  }

  /**
   * For a write conditional on the version of the entity it changes: which versions it may change
   * (their ETags are `weakEntityTag(version)`); undefined when the request has no precondition, so
   * that the write needs no read of the version first.
   */
  versionCheck(): ((version: number) => boolean) | undefined {
    if (this === RequestPreconditions.NONE) return undefined;
    return (version) => this.permitsWrite(weakEntityTag(version));
  }

  private ifMatchHolds(etag: string): boolean {
    return this.ifMatch === undefined || lists(this.ifMatch, etag);
  }

  private ifNoneMatchHolds(etag: string): boolean {
    return this.ifNoneMatch === undefined || !lists(this.ifNoneMatch, etag);
  }
}

function lists(tags: EntityTagList, etag: string): boolean {
  return tags === '*' || tags.includes(etag.replace(/^W\//, ''));
}

/** RFC 9110 §13.1.1: `"*" / #entity-tag`, with at least one tag (an empty header names nothing to compare). */
function entityTagList(header: string | string[] | undefined, name: string): EntityTagList | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value.trim() === '*') return '*';
  const tags: string[] = [];
  LIST_ELEMENT.lastIndex = 0;
  // Each match ends in a comma (and so advances) or at the end of the value.
  for (;;) {
    const element = LIST_ELEMENT.exec(value);
    if (element === null) throw malformed(name);
    if (element[1] !== undefined) tags.push(element[1]);
    if (element[2] === '') break;
  }
  if (tags.length === 0) throw malformed(name);
  return tags;
}

function malformed(name: string): AppError {
  return AppError.invalidInput(
    `The ${name} header is not valid: send * or one or more entity tags in double quotes, such as W/"3", separated by commas.`,
  );
}

/** The request's preconditions, parsed by the ODataRequestGuard before any handler runs. */
export const REQUEST_PRECONDITIONS = new RequestSlot<RequestPreconditions>('odata:preconditions');

/** The request's `If-Match` and `If-None-Match`, for a handler whose write honours them. */
export const Preconditions = createParamDecorator((_: unknown, context: ExecutionContext): RequestPreconditions => {
  const preconditions = REQUEST_PRECONDITIONS.get(context.switchToHttp().getRequest<FastifyRequest>());
  if (preconditions === undefined) throw new Error('Preconditions used outside an @ODataResource controller');
  return preconditions;
});
