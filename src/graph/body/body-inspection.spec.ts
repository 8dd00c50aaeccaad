import { inspectBody, MAX_BODY_DEPTH } from './body-inspection';

describe('inspectBody', () => {
  it('removes annotations at every depth but keeps @odata.type', () => {
    const body = {
      '@odata.context': 'x',
      'name@odata.type': '#String',
      '@odata.type': '#test.widget',
      parts: [{ '@odata.id': 'y', '@odata.type': '#test.part', size: 1 }],
    };
    expect(inspectBody(body)).toEqual([]);
    expect(body).toEqual({ '@odata.type': '#test.widget', parts: [{ '@odata.type': '#test.part', size: 1 }] });
  });

  it('accepts nesting up to the limit and names where it goes deeper', () => {
    const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { next: nested(depth - 1) });
    expect(inspectBody(nested(MAX_BODY_DEPTH - 1))).toEqual([]);
    expect(inspectBody(nested(MAX_BODY_DEPTH + 5))).toEqual([
      expect.stringMatching(/nested more than 32 levels deep \(at 'next(\.next){31}'\)/),
    ]);
  });

  it('survives nesting far beyond what recursion could take', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(inspectBody({ deep })).toHaveLength(1);
  });

  it.each([
    ['a lone high surrogate', { displayName: '\ud800' }, "'displayName' holds a lone UTF-16 surrogate"],
    ['a lone low surrogate in a list', { codes: [{ id: 'a\udc00' }] }, "'codes[0].id' holds a lone UTF-16 surrogate"],
    ['the character U+0000', { displayName: 'pool\u0000name' }, "'displayName' holds the character U+0000, which cannot be stored"],
  ])('names %s', (_, body, problem) => {
    expect(inspectBody(body)).toEqual([expect.stringContaining(problem)]);
  });

  it('accepts well-formed text outside the basic plane', () => {
    expect(inspectBody({ displayName: 'Contoso 📶 eSIM' })).toEqual([]);
  });
});
