import { ODataSyntaxError } from './parse-error';
import { parseQueryOptions } from './query-string-parser';
import { errorOf, withoutPositions } from '../../../../test/support/syntax-trees';

describe('parseQueryOptions', () => {
  it('parses every supported option, with or without $ and in any case', () => {
    const options = parseQueryOptions({
      $filter: "state eq 'installed'",
      Select: 'id',
      $EXPAND: 'assignments',
      orderby: 'id desc',
      $top: '5',
      skip: '10',
      $count: 'true',
      $search: 'blue',
      $skiptoken: 'opaque!token',
    });
    expect(withoutPositions(options)).toEqual({
      unsupported: [],
      filter: {
        kind: 'binary',
        operator: 'eq',
        left: { kind: 'property', path: ['state'] },
        right: { kind: 'literal', type: 'Edm.String', value: 'installed' },
      },
      select: [{ kind: 'path', path: ['id'] }],
      expand: [{ kind: 'entities', path: ['assignments'] }],
      orderBy: [{ expression: { kind: 'property', path: ['id'] }, direction: 'desc' }],
      top: 5,
      skip: 10,
      count: true,
      search: { kind: 'term', value: 'blue' },
      skipToken: 'opaque!token',
    });
  });

  it('lists valid but unimplemented system options and unknown $-options, and ignores custom options', () => {
    const options = parseQueryOptions({
      $apply: 'groupby((a))',
      compute: 'a as b',
      $format: 'json',
      $levels: '2',
      $whatever: '1',
      find: 'x',
      '!special': '',
    });
    expect(options.unsupported).toEqual(['$apply', 'compute', '$levels', '$whatever']);
    // $format is content negotiation: handed to the caller as given, never refused here.
    expect(options.format).toBe('json');
  });

  it('parses parameter aliases as expressions', () => {
    const options = parseQueryOptions({ $filter: 'displayName eq @name', '@name': "'x'" });
    expect(withoutPositions(options.aliases)).toEqual({ name: { kind: 'literal', type: 'Edm.String', value: 'x' } });
  });

  it('accepts a single value given as an array', () => {
    expect(parseQueryOptions({ $top: ['3'] }).top).toBe(3);
  });

  it.each<[Record<string, string | string[]>, string]>([
    [{ $top: ['1', '2'] }, '$top'],
    [{ $filter: 'a eq 1', filter: 'a eq 2' }, 'filter'],
    [{ $Top: '1', $top: '2' }, '$top'],
  ])('rejects a repeated option %j', (query, option) => {
    const error = errorOf(() => parseQueryOptions(query));
    expect(error).toBeInstanceOf(ODataSyntaxError);
    expect(error.message).toMatch(/given more than once/);
    expect(error.option).toBe(option);
  });

  it('names the option and keeps the position in the value', () => {
    const error = errorOf(() => parseQueryOptions({ $filter: "state eq 'a' and" }));
    expect(error).toMatchObject({ option: '$filter', position: 16 });
    expect(error.message).toBe('Invalid $filter: Missing the right operand of "and" at position 16');
  });

  it('rejects $top=-1', () => {
    expect(errorOf(() => parseQueryOptions({ $top: '-1' }))).toMatchObject({
      option: '$top',
      position: 0,
      message: 'Invalid $top: $top must be a non-negative integer, not "-1" at position 0',
    });
  });

  it('rejects an empty $skiptoken', () => {
    expect(errorOf(() => parseQueryOptions({ $skiptoken: '' })).message).toMatch(/must not be empty/);
  });
});
