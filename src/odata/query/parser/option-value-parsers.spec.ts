import { parseCountOption, parseExpand, parseNonNegativeInteger, parseOrderBy, parseSelect } from './option-value-parsers';
import { MAX_DEPTH } from './limits';
import { errorOf, withoutPositions } from '../../../../test/support/syntax-trees';

const prop = (...path: string[]) => ({ kind: 'property', path });

describe('parseOrderBy', () => {
  it.each<[string, unknown]>([
    ['name', [{ expression: prop('name'), direction: 'asc' }]],
    [
      'name DESC,id',
      [
        { expression: prop('name'), direction: 'desc' },
        { expression: prop('id'), direction: 'asc' },
      ],
    ],
    [
      'name\tasc, id desc',
      [
        { expression: prop('name'), direction: 'asc' },
        { expression: prop('id'), direction: 'desc' },
      ],
    ],
    [
      'length(name) ge 3 desc',
      [
        {
          expression: {
            kind: 'binary',
            operator: 'ge',
            left: { kind: 'call', name: 'length', args: [prop('name')] },
            right: { kind: 'literal', type: 'Edm.Int32', value: 3 },
          },
          direction: 'desc',
        },
      ],
    ],
  ])('%j', (input, expected) => {
    expect(withoutPositions(parseOrderBy(input))).toEqual(expected);
  });

  it.each<[string, RegExp, number]>([
    ['name up', /Unexpected "up" in \$orderby: expected an operator, 'asc', 'desc'/, 5],
    ['name ', /Unexpected whitespace in \$orderby/, 4],
    ['name,', /Expected an expression but found the end/, 5],
    ['name asc desc', /Unexpected "desc" in \$orderby/, 9],
  ])('rejects %j', (input, message, position) => {
    const error = errorOf(() => parseOrderBy(input));
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
  });
});

describe('parseSelect', () => {
  it.each<[string, unknown]>([
    [
      'id,displayName',
      [
        { kind: 'path', path: ['id'] },
        { kind: 'path', path: ['displayName'] },
      ],
    ],
    [
      'id, displayName',
      [
        { kind: 'path', path: ['id'] },
        { kind: 'path', path: ['displayName'] },
      ],
    ],
    ['*', [{ kind: 'all' }]],
    ['microsoft.graph.*', [{ kind: 'allOperations', namespace: 'microsoft.graph' }]],
    [
      'target/microsoft.graph.groupAssignmentTarget/groupId',
      [{ kind: 'path', path: ['target', 'microsoft.graph.groupAssignmentTarget', 'groupId'] }],
    ],
    ['ns.f(a,b)', [{ kind: 'path', path: ['ns.f'], parameterNames: ['a', 'b'] }]],
    [
      'address($select=city;$compute=x as y)',
      [{ kind: 'path', path: ['address'], options: { unsupported: ['$compute'], select: [{ kind: 'path', path: ['city'] }] } }],
    ],
  ])('%j', (input, expected) => {
    expect(withoutPositions(parseSelect(input))).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['', /expected a property name/],
    ['a/*', /Unexpected "\*" in \$select/],
    ['a($expand=b)', /"\$expand" is not allowed here; allowed: \$filter/],
    ['a($top=1;$top=2)', /"\$top" is repeated/],
    ['a($top=1', /Missing '\)'/],
  ])('rejects %j', (input, message) => {
    expect(() => parseSelect(input)).toThrow(message);
  });
});

describe('parseExpand', () => {
  it('parses nested options of every kind', () => {
    const [item] = parseExpand(
      'assignments($select=id,target;$filter=id ne \'x\';$orderby=id desc;$top=5;$skip=1;$count=true;$search="a b";$expand=x($levels=max);@p=1)',
    );
    expect(withoutPositions(item)).toEqual({
      kind: 'entities',
      path: ['assignments'],
      options: {
        unsupported: [],
        select: [
          { kind: 'path', path: ['id'] },
          { kind: 'path', path: ['target'] },
        ],
        filter: { kind: 'binary', operator: 'ne', left: prop('id'), right: { kind: 'literal', type: 'Edm.String', value: 'x' } },
        orderBy: [{ expression: prop('id'), direction: 'desc' }],
        top: 5,
        skip: 1,
        count: true,
        search: { kind: 'phrase', value: 'a b' },
        expand: [{ kind: 'entities', path: ['x'], options: { unsupported: [], levels: 'max' } }],
        aliases: { p: { kind: 'literal', type: 'Edm.Int32', value: 1 } },
      },
    });
  });

  it.each<[string, unknown]>([
    [
      'assignments,deviceStates',
      [
        { kind: 'entities', path: ['assignments'] },
        { kind: 'entities', path: ['deviceStates'] },
      ],
    ],
    ['items/$ref', [{ kind: 'ref', path: ['items'] }]],
    ['items/$count($search=x)', [{ kind: 'count', path: ['items'], options: { unsupported: [], search: { kind: 'term', value: 'x' } } }]],
    ['*($levels=2)', [{ kind: 'entities', path: ['*'], options: { unsupported: [], levels: 2 } }]],
    ['$value', [{ kind: 'entities', path: ['$value'] }]],
  ])('%j', (input, expected) => {
    expect(withoutPositions(parseExpand(input))).toEqual(expected);
  });

  it('reports positions inside nested options as offsets in the whole value', () => {
    const error = errorOf(() => parseExpand('a($filter=b eq)'));
    expect(error.message).toMatch(/Missing the right operand of "eq"/);
    expect(error.position).toBe(14);
  });

  it.each<[string, RegExp]>([
    ['items/$ref($select=id)', /"\$select" is not allowed here/],
    ['items/$count($top=1)', /"\$top" is not allowed here/],
    ['*($top=1)', /"\$top" is not allowed here; allowed: \$levels/],
    ['*/$count', /Unexpected "\$count" in \$expand: expected '\$ref'/],
    ['a($levels=0)', /\$levels must be a positive integer/],
    ['a($unknown=1)', /"\$unknown" is not allowed here/],
    ['a(top 5)', /Expected an option like '\$top=5'/],
  ])('rejects %j', (input, message) => {
    expect(() => parseExpand(input)).toThrow(message);
  });

  it('throws a syntax error for hostile nesting', () => {
    const input = `${'a($expand='.repeat(MAX_DEPTH + 1)}b${')'.repeat(MAX_DEPTH + 1)}`;
    expect(errorOf(() => parseExpand(input)).message).toMatch(`nested more than ${MAX_DEPTH} levels`);
  });
});

describe('$top, $skip and $count', () => {
  it('accepts non-negative integers', () => {
    expect(parseNonNegativeInteger('0', '$skip')).toBe(0);
    expect(parseNonNegativeInteger('100', '$top')).toBe(100);
  });

  it.each(['-1', '', '1.5', ' 1', '+1', '99999999999999999999'])('rejects %j', (value) => {
    const error = errorOf(() => parseNonNegativeInteger(value, '$top'));
    expect(error.message).toMatch(/^\$top must be a non-negative integer/);
    expect(error.position).toBe(0);
  });

  it('reads $count case-insensitively and rejects anything else', () => {
    expect(parseCountOption('TRUE')).toBe(true);
    expect(parseCountOption('false')).toBe(false);
    expect(() => parseCountOption('1')).toThrow(/\$count must be true or false/);
  });
});
