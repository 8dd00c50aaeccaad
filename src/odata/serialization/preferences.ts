import type { FastifyRequest } from 'fastify';

/**
 * The value of one preference in the request's `Prefer` header (RFC 7240; OData Part 1 §8.2.8), or
 * undefined when it is absent. Names are case-insensitive; a preference without a value yields ''.
 * Its own parameters (after `;`) are ignored: none of the preferences honoured here has any.
 */
export function preferenceOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.prefer;
  if (header === undefined) return undefined;
  for (const preference of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [token, value = ''] = preference
      .split(';', 1)[0]
      .split('=', 2)
      .map((part) => part.trim());
    if (token.toLowerCase() === name) return value.replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}
