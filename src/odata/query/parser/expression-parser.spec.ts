import { Expression } from './ast';
import { parseExpression } from './expression-parser';
import { MAX_DEPTH } from './limits';
import { ODataSyntaxError } from './parse-error';
import { errorOf, withoutPositions } from '../../../../test/support/syntax-trees';

const parse = (text: string) => withoutPositions(parseExpression(text));
const prop = (...path: string[]) => ({ kind: 'property', path });
const int = (value: number) => ({ kind: 'literal', type: 'Edm.Int32', value });
const str = (value: string) => ({ kind: 'literal', type: 'Edm.String', value });
const bin = (operator: string, left: unknown, right: unknown) => ({ kind: 'binary', operator, left, right });

describe('parseExpression', () => {
  describe('operator precedence (OData 4.01 Part 2 §5.1.1.17)', () => {
    it.each<[string, unknown]>([
      ['a or b and c', bin('or', prop('a'), bin('and', prop('b'), prop('c')))],
      ['a and b or c', bin('or', bin('and', prop('a'), prop('b')), prop('c'))],
      [
        'a eq 1 or b eq 2 and c eq 3',
        bin('or', bin('eq', prop('a'), int(1)), bin('and', bin('eq', prop('b'), int(2)), bin('eq', prop('c'), int(3)))),
      ],
      ['a add b mul c', bin('add', prop('a'), bin('mul', prop('b'), prop('c')))],
      ['a sub b sub c', bin('sub', bin('sub', prop('a'), prop('b')), prop('c'))],
      ['a div b divby c mod d', bin('mod', bin('divby', bin('div', prop('a'), prop('b')), prop('c')), prop('d'))],
      ['a lt b eq true', bin('eq', bin('lt', prop('a'), prop('b')), { kind: 'literal', type: 'Edm.Boolean', value: true })],
      ['(a or b) and c', bin('and', bin('or', prop('a'), prop('b')), prop('c'))],
      ['not a eq b', bin('eq', { kind: 'unary', operator: 'not', operand: prop('a') }, prop('b'))],
      ['not (a eq b)', { kind: 'unary', operator: 'not', operand: bin('eq', prop('a'), prop('b')) }],
      ['not(a)', { kind: 'unary', operator: 'not', operand: prop('a') }],
      ['-a add b', bin('add', { kind: 'unary', operator: 'negate', operand: prop('a') }, prop('b'))],
      ['- a', { kind: 'unary', operator: 'negate', operand: prop('a') }],
      ['-INFO', { kind: 'unary', operator: 'negate', operand: prop('INFO') }],
      ['-a in (1)', { kind: 'unary', operator: 'negate', operand: { kind: 'in', left: prop('a'), list: [int(1)] } }],
      [
        "a has ns.E'x' eq true",
        bin('eq', bin('has', prop('a'), { kind: 'enum', typeName: 'ns.E', value: 'x' }), {
          kind: 'literal',
          type: 'Edm.Boolean',
          value: true,
        }),
      ],
    ])('%s', (input, expected) => {
      expect(parse(input)).toEqual(expected);
    });
  });

  describe('case-insensitive operators, keywords and function names', () => {
    it.each<[string, unknown]>([
      ["Name EQ 'a' AND Price LT 2", bin('and', bin('eq', prop('Name'), str('a')), bin('lt', prop('Price'), int(2)))],
      ['a Eq 1 oR b Ne 2', bin('or', bin('eq', prop('a'), int(1)), bin('ne', prop('b'), int(2)))],
      ['NOT a', { kind: 'unary', operator: 'not', operand: prop('a') }],
      ['a eq TRUE', bin('eq', prop('a'), { kind: 'literal', type: 'Edm.Boolean', value: true })],
      ["Startswith(displayName,'a')", { kind: 'call', name: 'Startswith', args: [prop('displayName'), str('a')] }],
      [
        'items/ANY(x: x eq 1)',
        {
          kind: 'lambda',
          operator: 'any',
          collection: prop('items'),
          variable: 'x',
          predicate: bin('eq', { kind: 'variable', name: 'x' }, int(1)),
        },
      ],
    ])('%s', (input, expected) => {
      expect(parse(input)).toEqual(expected);
    });
  });

  describe('in', () => {
    it.each<[string, unknown]>([
      ["state in ('a', 'b')", { kind: 'in', left: prop('state'), list: [str('a'), str('b')] }],
      ['state in [\'a\',"b"]', { kind: 'in', left: prop('state'), list: [str('a'), str('b')] }],
      ['state in ()', { kind: 'in', left: prop('state'), list: [] }],
      ["state in ('a')", { kind: 'in', left: prop('state'), list: [str('a')] }],
      ['state in (other)', bin('in', prop('state'), prop('other'))],
      ['state in names', bin('in', prop('state'), prop('names'))],
    ])('%s', (input, expected) => {
      expect(parse(input)).toEqual(expected);
    });

    it('rejects a list with a non-literal item, pointing at the item', () => {
      const error = errorOf(() => parseExpression('a in (1, b)'));
      expect(error.message).toMatch(/may contain only literals/);
      expect(error.position).toBe(9);
    });

    it('rejects a parenthesized list outside in', () => {
      expect(errorOf(() => parseExpression("a eq ('x','y')")).message).toMatch(/only allowed after 'in'/);
    });
  });

  describe('lambdas', () => {
    it('parses the Graph group-assignment filter with a type cast inside', () => {
      expect(parse("assignments/any(a: a/target/microsoft.graph.groupAssignmentTarget/groupId eq 'x')")).toEqual({
        kind: 'lambda',
        operator: 'any',
        collection: prop('assignments'),
        variable: 'a',
        predicate: bin(
          'eq',
          {
            kind: 'property',
            path: ['target', 'microsoft.graph.groupAssignmentTarget', 'groupId'],
            source: { kind: 'variable', name: 'a' },
          },
          str('x'),
        ),
      });
    });

    it('parses any() without a lambda', () => {
      expect(parse('x/any()')).toEqual({ kind: 'lambda', operator: 'any', collection: prop('x') });
    });

    it('keeps outer lambda variables in scope and leaves other names as properties', () => {
      expect(parse('a/all(o: o/b/any(i: i eq o/c and i eq c))')).toEqual({
        kind: 'lambda',
        operator: 'all',
        collection: prop('a'),
        variable: 'o',
        predicate: {
          kind: 'lambda',
          operator: 'any',
          collection: { kind: 'property', path: ['b'], source: { kind: 'variable', name: 'o' } },
          variable: 'i',
          predicate: bin(
            'and',
            bin('eq', { kind: 'variable', name: 'i' }, { kind: 'property', path: ['c'], source: { kind: 'variable', name: 'o' } }),
            bin('eq', { kind: 'variable', name: 'i' }, prop('c')),
          ),
        },
      });
    });

    it.each([
      ['x/all()', /all\(\) needs a lambda/],
      ['any(x: true)', /must follow a collection path/],
      ['x/any(x true)', /Expected ':'/],
    ])('rejects %s', (input, message) => {
      expect(errorOf(() => parseExpression(input)).message).toMatch(message);
    });
  });

  describe('enum literals', () => {
    it('parses the qualified form as an enum literal', () => {
      expect(parse("state eq microsoft.graph.embeddedSIMDeviceStateValue'installed'")).toEqual(
        bin('eq', prop('state'), { kind: 'enum', typeName: 'microsoft.graph.embeddedSIMDeviceStateValue', value: 'installed' }),
      );
    });

    it('parses the unqualified form as a plain string literal', () => {
      expect(parse("state eq 'installed'")).toEqual(bin('eq', prop('state'), str('installed')));
    });

    it('keeps flag values comma-separated', () => {
      expect(parse("ns.Color'Red,Blue'")).toEqual({ kind: 'enum', typeName: 'ns.Color', value: 'Red,Blue' });
    });
  });

  describe('literals', () => {
    it.each<[string, string, unknown]>([
      ["'O''Neil'", 'Edm.String', "O'Neil"],
      ["''", 'Edm.String', ''],
      ['null', 'null', null],
      ['false', 'Edm.Boolean', false],
      ['42', 'Edm.Int32', 42],
      ['-7', 'Edm.Int32', -7],
      ['3000000000', 'Edm.Int64', 3000000000],
      ['9223372036854775807', 'Edm.Int64', '9223372036854775807'],
      ['99999999999999999999', 'Edm.Decimal', '99999999999999999999'],
      ['3.14', 'Edm.Decimal', 3.14],
      ['1.23456789012345678', 'Edm.Decimal', '1.23456789012345678'],
      ['1e5', 'Edm.Double', 100000],
      ['-0.314E1', 'Edm.Double', -3.14],
      ['INF', 'Edm.Double', Infinity],
      ['-INF', 'Edm.Double', -Infinity],
      ['NaN', 'Edm.Double', NaN],
      ['01234567-89AB-cdef-0123-456789ABCDEF', 'Edm.Guid', '01234567-89ab-cdef-0123-456789abcdef'],
      ['abcdef01-2345-6789-abcd-ef0123456789', 'Edm.Guid', 'abcdef01-2345-6789-abcd-ef0123456789'],
      ['2024-02-29', 'Edm.Date', '2024-02-29'],
      ['2012-09-03T13:52Z', 'Edm.DateTimeOffset', '2012-09-03T13:52:00Z'],
      ['2012-09-03t13:52:01.5+02:00', 'Edm.DateTimeOffset', '2012-09-03T13:52:01.5+02:00'],
      ['13:52', 'Edm.TimeOfDay', '13:52:00'],
      ["duration'P1D'", 'Edm.Duration', 'P1D'],
      ["Duration'-PT1H30M'", 'Edm.Duration', '-PT1H30M'],
      ["'P1D'", 'Edm.String', 'P1D'],
      ["binary'AQID'", 'Edm.Binary', 'AQID'],
      ["geography'SRID=4326;Point(1 2)'", 'Edm.Geography', 'SRID=4326;Point(1 2)'],
    ])('%s is %s', (input, type, value) => {
      expect(parse(input)).toEqual({ kind: 'literal', type, value });
    });

    it.each([
      ["duration'P1Y'", /Invalid duration/],
      ['2023-02-29', /Invalid day/],
      ['2012-09-03T24:00Z', /Invalid hour/],
      ['2012-09-03T10:00', /missing time zone/],
      ["x'1'", /Unknown literal prefix "x"/],
      ['42abc', /Invalid literal "42abc"/],
      ['42.', /Unexpected "\."/],
    ])('rejects %s', (input, message) => {
      expect(() => parseExpression(input)).toThrow(message);
    });
  });

  describe('calls and paths', () => {
    it.each<[string, unknown]>([
      ['now()', { kind: 'call', name: 'now', args: [] }],
      ['substring(a, 1, 2)', { kind: 'call', name: 'substring', args: [prop('a'), int(1), int(2)] }],
      [
        "concat(concat(a,'-'),b)",
        { kind: 'call', name: 'concat', args: [{ kind: 'call', name: 'concat', args: [prop('a'), str('-')] }, prop('b')] },
      ],
      ['cast(a, Edm.String)', { kind: 'call', name: 'cast', args: [prop('a'), { kind: 'typeName', name: 'Edm.String' }] }],
      ['isof(ns.T)', { kind: 'call', name: 'isof', args: [{ kind: 'typeName', name: 'ns.T' }] }],
      [
        "ns.f(p='x')/name",
        { kind: 'property', path: ['name'], source: { kind: 'call', name: 'ns.f', args: [], namedArgs: [{ name: 'p', value: str('x') }] } },
      ],
      ['items/ns.top()', { kind: 'call', name: 'ns.top', args: [], source: prop('items') }],
      ['a/b/c', prop('a', 'b', 'c')],
      ['$it', { kind: 'variable', name: '$it' }],
      ['$root/things', { kind: 'property', path: ['things'], source: { kind: 'variable', name: '$root' } }],
      ['@p', { kind: 'alias', name: 'p' }],
      ['x/@Core.Description', prop('x', '@Core.Description')],
      ['items/$count', { kind: 'count', collection: prop('items') }],
      ["items/$count($filter=a eq 'x;y')", { kind: 'count', collection: prop('items'), filter: bin('eq', prop('a'), str('x;y')) }],
      ['{"a":[1,\'b\']}', { kind: 'object', members: [{ name: 'a', value: { kind: 'array', items: [int(1), str('b')] } }] }],
    ])('%s', (input, expected) => {
      expect(parse(input)).toEqual(expected);
    });

    it('keeps positions on nodes', () => {
      const expression = parseExpression("a eq 'x' and startswith(b, 'y')") as Extract<Expression, { kind: 'binary' }>;
      expect(expression.position).toBe(0);
      expect(expression.right.position).toBe(13);
      expect((expression.right as Extract<Expression, { kind: 'call' }>).args[1].position).toBe(27);
    });
  });

  describe('errors', () => {
    it.each<[string, RegExp, number]>([
      ['', /Expected an expression but found the end/, 0],
      [' a eq 1', /Unexpected whitespace/, 0],
      ['a eq 1 ', /Unexpected whitespace at the end/, 6],
      ['a eqx 1', /Unexpected "eqx": expected an operator/, 2],
      ['a eq', /Missing the right operand of "eq"/, 4],
      ["a eq'x'", /Unexpected "eq'x'"/, 2],
      ['a and(b)', /Expected whitespace after the operator "and"/, 5],
      ["startswith(a,'b'", /Expected '\)' to close the '\(' at position 10/, 16],
      ["a eq 'x", /Unterminated string literal/, 5],
      ['a eq 1)', /Unexpected "\)"/, 6],
      ['a eq #', /Unexpected character "#"/, 5],
      ['ns.Type', /namespace-qualified name must be followed by/, 7],
      ['$root', /'\$root' must be followed by '\/'/, 5],
      ['a eq "x"', /string literals use single quotes/, 5],
      ['f(a=1, 2)', /Do not mix named/, 7],
      ['cast(a, b/c)', /last argument of cast must be a type name/, 8],
      ['a/$count($top=1)', /Unexpected "\$top" in \$count/, 9],
    ])('%j', (input, message, position) => {
      const error = errorOf(() => parseExpression(input));
      expect(error).toBeInstanceOf(ODataSyntaxError);
      expect(error.message).toMatch(message);
      expect(error.position).toBe(position);
    });
  });

  describe('limits', () => {
    const nested = (levels: number) => `${'('.repeat(levels)}a${')'.repeat(levels)}`;

    it(`accepts ${MAX_DEPTH - 1} nested parentheses`, () => {
      expect(parse(nested(MAX_DEPTH - 1))).toEqual(prop('a'));
    });

    it.each([
      ['parentheses', nested(MAX_DEPTH + 1)],
      ['unary minus', `${'-'.repeat(10_000)}a`],
      ['not', `${'not '.repeat(10_000)}a`],
      ['function calls', `${'f('.repeat(10_000)}a${')'.repeat(10_000)}`],
      ['unclosed parentheses', '('.repeat(100_000)],
    ])('throws a syntax error instead of overflowing the stack for deeply nested %s', (_name, input) => {
      expect(errorOf(() => parseExpression(input)).message).toMatch(`nested more than ${MAX_DEPTH} levels`);
    });

    // Speed is measured by `npm run bench`, never by timed assertions on a shared machine.
    it('parses a 300-clause filter as a left-deep tree, without recursing per clause', () => {
      const input = Array.from({ length: 300 }, () => 'a eq 1').join(' and ');
      const expression = parseExpression(input);
      let clauses = 1;
      for (let node = expression; node.kind === 'binary' && node.operator === 'and'; node = node.left) clauses++;
      expect(clauses).toBe(300);
    });
  });
});
