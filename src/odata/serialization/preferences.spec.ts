import type { FastifyRequest } from 'fastify';
import { preferenceOf } from './preferences';

const withPrefer = (prefer?: string) => ({ headers: prefer === undefined ? {} : { prefer } }) as FastifyRequest;

describe('preferenceOf', () => {
  it.each<[string | undefined, string, string | undefined]>([
    ['return=representation', 'return', 'representation'],
    ['odata.maxpagesize=10, return=representation', 'return', 'representation'],
    ['Return="representation"', 'return', 'representation'],
    ['odata.maxpagesize=10; foo=bar, respond-async', 'odata.maxpagesize', '10'],
    ['respond-async', 'respond-async', ''],
    ['return=minimal', 'odata.maxpagesize', undefined],
    [undefined, 'return', undefined],
  ])('reads %j for %s', (prefer, name, expected) => {
    expect(preferenceOf(withPrefer(prefer), name)).toBe(expected);
  });
});
