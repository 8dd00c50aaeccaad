import { AppError } from '../../../common/app-error';
import { EdmModel } from '../../edm/edm-model';
import { parseQueryOptions } from '../parser';
import { DEFAULT_QUERY_SETTINGS } from '../query-settings';
import { validateQuery } from './query-validator';

const model = new EdmModel({ namespace: 'test', name: 'TestService' });
model.register({
  namespace: 'test',
  singletons: [{ name: 'shop', type: 'test.shop' }],
  types: [
    { kind: 'entity', name: 'entity', abstract: true, key: ['id'], properties: [{ name: 'id', type: 'Edm.String', nullable: false }] },
    { kind: 'enum', name: 'state', members: ['open', 'closed'].map((name, value) => ({ name, value })) },
    { kind: 'complex', name: 'address', properties: [{ name: 'city', type: 'Edm.String' }] },
    {
      kind: 'entity',
      name: 'order',
      baseType: 'test.entity',
      searchProperties: ['title'],
      properties: [
        { name: 'title', type: 'Edm.String' },
        { name: 'total', type: 'Edm.Int32' },
        { name: 'state', type: 'test.state' },
        { name: 'placed', type: 'Edm.DateTimeOffset' },
        { name: 'shipTo', type: 'test.address' },
        { name: 'cardNumber', type: 'Edm.String', writeOnly: true },
      ],
      navigationProperties: [{ name: 'lines', type: 'test.order', collection: true, containsTarget: true }],
    },
  ],
});
const settings = { ...DEFAULT_QUERY_SETTINGS, maxPageSize: 100 };
const validate = (query: Record<string, string>) => validateQuery(parseQueryOptions(query), 'test.order', model, settings);

function failure(query: Record<string, string>): AppError {
  try {
    validate(query);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(query)} was accepted`);
}

describe('validateQuery', () => {
  it('types a filter and coerces an unprefixed string to the enum member it names', () => {
    expect(validate({ $filter: "state eq 'open' and total gt 5" }).filter).toEqual({
      kind: 'logical',
      operator: 'and',
      type: 'Edm.Boolean',
      left: {
        kind: 'comparison',
        operator: 'eq',
        type: 'Edm.Boolean',
        left: { kind: 'property', name: 'state', type: 'test.state' },
        right: { kind: 'literal', value: 0, type: 'test.state' },
      },
      right: {
        kind: 'comparison',
        operator: 'gt',
        type: 'Edm.Boolean',
        left: { kind: 'property', name: 'total', type: 'Edm.Int32' },
        right: { kind: 'literal', value: 5, type: 'Edm.Int32' },
      },
    });
  });

  it('accepts the qualified enum literal form', () => {
    expect(validate({ $filter: "state eq test.state'closed'" }).filter).toMatchObject({
      right: { kind: 'literal', value: 1, type: 'test.state' },
    });
  });

  it('normalizes DateTimeOffset literals in any offset to UTC with milliseconds', () => {
    expect(validate({ $filter: 'placed gt 2026-01-01T02:00:00+02:00' }).filter).toMatchObject({
      right: { value: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('always selects the key', () => {
    expect(validate({ $select: 'title' }).select).toEqual(['title', 'id']);
    expect(validate({ $select: '*' }).select).toBeUndefined();
    expect(validate({ $select: 'shipTo' }).select).toEqual(['shipTo', 'id']);
  });

  it.each<[Record<string, string>, 'invalidInput' | 'notImplemented', RegExp]>([
    [{ $filter: "state eq 'lost'" }, 'invalidInput', /'lost' is not a member of test\.state; use one of open, closed/],
    [{ $filter: "state gt 'open'" }, 'invalidInput', /eq, ne and in only/],
    [{ $filter: 'title eq 5' }, 'invalidInput', /cannot compare the Edm\.String property 'title' with a value of type Edm\.Int32/],
    [{ $filter: "cardNumber eq '4111'" }, 'invalidInput', /'cardNumber' is write-only/],
    [{ $select: 'cardNumber' }, 'invalidInput', /write-only/],
    [{ $select: 'lines' }, 'invalidInput', /navigation property: use \$expand/],
    [{ $orderby: 'shipTo' }, 'notImplemented', /only simple properties/],
    [{ $filter: "shipTo/city eq 'x'" }, 'notImplemented', /paths into a property are not supported/],
    [{ $filter: 'lines/any(l: l/total gt 1)' }, 'notImplemented', /Filtering across 'lines'/],
    [{ $filter: 'title/any(l: l eq 1)' }, 'invalidInput', /not a collection/],
    [{ $filter: 'total add title eq 1' }, 'invalidInput', /needs numbers on both sides/],
    [{ $filter: '-title eq 1' }, 'invalidInput', /Unary minus needs a number/],
    [{ $filter: 'not total' }, 'invalidInput', /must be a Boolean expression/],
    [
      { $filter: "total in (1, 'x')" },
      'invalidInput',
      /'in' cannot compare the Edm.Int32 property 'total' with a value of type Edm.String/,
    ],
    [{ $filter: 'year(title) eq 1' }, 'invalidInput', /Argument 1 of 'year' cannot be of type Edm\.String/],
    [{ $filter: 'total eq @p', '@p': '1' }, 'notImplemented', /aliases/],
    [{ $orderby: 'a,b,c,d,e,f' }, 'invalidInput', /at most 5/],
    [{ $expand: 'lines($expand=lines($expand=lines))' }, 'invalidInput', /nested 3 levels deep; at most 2/],
    [{ $expand: 'nothing' }, 'invalidInput', /not a navigation property/],
    [{ $top: '1001' }, 'invalidInput', /over the maximum of 1000/],
  ])('refuses %j as %s', (query, kind, message) => {
    const error = failure(query);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('accepts expansion to the maximum depth', () => {
    expect(validate({ $expand: 'lines($expand=lines)' }).expand[0].query.expand[0].navigation).toBe('lines');
  });

  it('counts nodes across $filter, $orderby and $search against the limit', () => {
    const filter = Array.from({ length: 60 }, () => 'total eq 1').join(' or ');
    expect(failure({ $filter: filter }).message).toMatch(/too complex/);
    expect(() => validate({ $filter: Array.from({ length: 20 }, () => 'total eq 1').join(' or ') })).not.toThrow();
  });
});
