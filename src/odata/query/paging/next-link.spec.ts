import type { FastifyRequest } from 'fastify';
import { nextLinkFor } from './next-link';

const request = (originalUrl: string) => ({ originalUrl, url: originalUrl, protocol: 'https', host: 'esim.contoso.com' }) as FastifyRequest;

describe('nextLinkFor', () => {
  it('keeps every other option as sent and replaces $skip, $top and $skiptoken', () => {
    const link = nextLinkFor(
      request("/beta/pools?$filter=startswith(displayName,'A')&%24top=50&$skip=10&$skiptoken=old&custom=1"),
      'tok.sig',
      40,
    );
    expect(link).toBe("https://esim.contoso.com/beta/pools?$filter=startswith(displayName,'A')&custom=1&$top=40&$skiptoken=tok.sig");
  });

  it('recognizes options without $ and in any case', () => {
    expect(nextLinkFor(request('/beta/pools?TOP=5&Skip=1'), 't', 4)).toBe('https://esim.contoso.com/beta/pools?$top=4&$skiptoken=t');
  });

  it('adds no $top when the client set none, and encodes the token', () => {
    expect(nextLinkFor(request('/beta/pools'), 'a+b/c', undefined)).toBe('https://esim.contoso.com/beta/pools?$skiptoken=a%2Bb%2Fc');
  });
});
