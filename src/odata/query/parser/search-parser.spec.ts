import { parseSearch } from './search-parser';
import { MAX_DEPTH } from './limits';
import { errorOf, withoutPositions } from '../../../../test/support/syntax-trees';

const parse = (text: string) => withoutPositions(parseSearch(text));
const term = (value: string) => ({ kind: 'term', value });
const and = (left: unknown, right: unknown) => ({ kind: 'and', left, right });
const or = (left: unknown, right: unknown) => ({ kind: 'or', left, right });
const not = (operand: unknown) => ({ kind: 'not', operand });

describe('parseSearch', () => {
  it.each<[string, unknown]>([
    ['blue', term('blue')],
    ['"blue green"', { kind: 'phrase', value: 'blue green' }],
    ['blue green', and(term('blue'), term('green'))],
    ['blue AND green', and(term('blue'), term('green'))],
    ['a OR b AND c', or(term('a'), and(term('b'), term('c')))],
    ['a AND b OR c', or(and(term('a'), term('b')), term('c'))],
    ['a b OR c d', or(and(term('a'), term('b')), and(term('c'), term('d')))],
    ['NOT a b', and(not(term('a')), term('b'))],
    ['NOT (a OR b)', not(or(term('a'), term('b')))],
    ['( a )', term('a')],
    ['(foo OR that) AND NOT quux', and(or(term('foo'), term('that')), not(term('quux')))],
    ['NOT', term('NOT')],
    ['NOT NOT', not(term('NOT'))],
    ['AND OR', and(term('AND'), term('OR'))],
    ['AND OR NOT', or(term('AND'), term('NOT'))],
    ['a and b', and(and(term('a'), term('and')), term('b'))],
    ["Daniel's 08/15 3.14", and(and(term("Daniel's"), term('08/15')), term('3.14'))],
    ['  blue', term('blue')],
    ["'\"blue'", { kind: 'phrase', value: '"blue' }],
    ["'it''s'", { kind: 'phrase', value: "it's" }],
  ])('%j', (input, expected) => {
    expect(parse(input)).toEqual(expected);
  });

  it.each<[string, RegExp, number]>([
    ['', /must not be empty/, 0],
    ['"blue', /Unterminated "phrase"/, 5],
    ['"blue"green', /Unexpected "green"/, 6],
    ['""', /must not be empty/, 0],
    ['(blue', /Expected '\)'/, 5],
    ['blue)', /Unexpected "\)"/, 4],
    ["'open", /single-quoted \$search/, 0],
  ])('rejects %j', (input, message, position) => {
    const error = errorOf(() => parseSearch(input));
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
  });

  it('throws a syntax error for hostile nesting', () => {
    expect(errorOf(() => parseSearch('('.repeat(10_000))).message).toMatch(`nested more than ${MAX_DEPTH} levels`);
    expect(errorOf(() => parseSearch('NOT '.repeat(10_000) + 'a')).message).toMatch(`nested more than ${MAX_DEPTH} levels`);
  });
});
