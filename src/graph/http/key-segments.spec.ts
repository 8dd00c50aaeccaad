import { originFormOf, rewriteKeySegments } from './key-segments';

const POOLS = '/beta/deviceManagement/embeddedSIMActivationCodePools';
const ID = 'a1b2c3d4-0000-4000-8000-000000000001';

describe('rewriteKeySegments', () => {
  it.each([
    [`${POOLS}('${ID}')`, `${POOLS}/${ID}`],
    [`${POOLS}(${ID})`, `${POOLS}/${ID}`],
    [`${POOLS}(id='${ID}')`, `${POOLS}/${ID}`],
    [`${POOLS}%28%27${ID}%27%29`, `${POOLS}/${ID}`],
    [`${POOLS}('${ID}')/assignments?$top=1`, `${POOLS}/${ID}/assignments?$top=1`],
    [`${POOLS}('it''s')`, `${POOLS}/it's`],
    [`${POOLS}('a/b')`, `${POOLS}('a/b')`],
    [`${POOLS}()`, `${POOLS}/()`],
    [`${POOLS}('')`, `${POOLS}/()`],
  ])('rewrites %s to %s', (input, expected) => {
    expect(rewriteKeySegments(input)).toBe(expected);
  });

  it('leaves paths without key parentheses untouched', () => {
    const url = `${POOLS}/${ID}?$filter=startswith(displayName,'x')`;
    expect(rewriteKeySegments(url)).toBe(url);
  });

  it('never rewrites inside the query string', () => {
    const url = `${POOLS}?$filter=id eq ('x')`;
    expect(rewriteKeySegments(url)).toBe(url);
  });
});

describe('originFormOf', () => {
  it.each([
    ['http://example.com/beta/x?$top=1', '/beta/x?$top=1'],
    ['https://example.com:8443/beta/', '/beta/'],
    ['http://example.com', '/'],
    ['http://example.com?x=1', '/?x=1'],
    ['/beta/x', '/beta/x'],
  ])('turns %s into %s', (target, expected) => {
    expect(originFormOf(target)).toBe(expected);
  });
});
