import { loggableTarget } from './request-log';

describe('loggableTarget', () => {
  it.each([
    ['/beta/deviceManagement', '/beta/deviceManagement'],
    ["/beta/x?$filter=matchingIdentifier eq 'TN5ZB-2VZQK'&$top=5", '/beta/x?$filter&$top'],
    ['/beta/x?$skiptoken=abc.def&', '/beta/x?$skiptoken'],
    ['/beta/x?flag', '/beta/x?flag'],
  ])('logs %s as %s', (url, logged) => {
    expect(loggableTarget(url)).toBe(logged);
  });
});
