import { EdmModel } from '../../odata/edm/edm-model';
import { compileMemberCheck, compileValueCheck } from './edm-value-checks';

const model = EdmModel.of(
  { namespace: 'test', name: 'Container' },
  {
    namespace: 'test',
    types: [
      { kind: 'enum', name: 'mode', members: ['none', 'include', 'exclude'].map((name, value) => ({ name, value })) },
      {
        kind: 'complex',
        name: 'target',
        abstract: true,
        properties: [
          { name: 'filterId', type: 'Edm.String' },
          { name: 'mode', type: 'test.mode', nullable: false, defaultValue: 'none' },
        ],
      },
      { kind: 'complex', name: 'everyone', baseType: 'test.target', properties: [] },
      { kind: 'complex', name: 'group', baseType: 'test.target', properties: [{ name: 'groupId', type: 'Edm.Guid', nullable: false }] },
      { kind: 'complex', name: 'exclusion', baseType: 'test.group', properties: [] },
      {
        kind: 'complex',
        name: 'code',
        properties: [
          { name: 'digits', type: 'Edm.String', nullable: false, pattern: /^\d{3}$/, patternDescription: 'must be 3 digits' },
          { name: 'label', type: 'Edm.String', maxLength: 5 },
          { name: 'seen', type: 'Edm.DateTimeOffset' },
          { name: 'count', type: 'Edm.Int32' },
        ],
      },
      {
        kind: 'entity',
        name: 'assignment',
        key: ['id'],
        properties: [
          { name: 'id', type: 'Edm.String', nullable: false, computed: true },
          { name: 'target', type: 'test.target', nullable: false },
        ],
      },
    ],
  },
);

function problemsOf(typeName: string, value: unknown, options: { collection?: boolean; nullable?: boolean } = {}): string[] {
  const problems: string[] = [];
  compileValueCheck(model, { type: typeName, ...options })(value, 'x', problems);
  return problems;
}

describe('compileValueCheck', () => {
  describe('derived complex types chosen by @odata.type', () => {
    it.each<[string, unknown]>([
      ['a concrete type without its own properties', { '@odata.type': '#test.everyone' }],
      ['without the leading #', { '@odata.type': 'test.everyone', filterId: null }],
      [
        'a derived type with its property',
        { '@odata.type': '#test.group', groupId: 'b3a2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d', mode: 'include' },
      ],
      ['a type derived twice', { '@odata.type': '#test.exclusion', groupId: 'b3a2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }],
    ])('accepts %s', (_, value) => {
      expect(problemsOf('test.target', value)).toEqual([]);
    });

    it.each<[string, unknown, string]>([
      [
        'no @odata.type for an abstract type',
        {},
        "'x.@odata.type' is required: name the kind of target, one of #test.everyone, #test.group, #test.exclusion.",
      ],
      [
        'the abstract type itself',
        { '@odata.type': '#test.target' },
        "'x.@odata.type' must be one of #test.everyone, #test.group, #test.exclusion.",
      ],
      [
        'a type outside the family',
        { '@odata.type': '#test.code' },
        "'x.@odata.type' must be one of #test.everyone, #test.group, #test.exclusion.",
      ],
      [
        'a property of a sibling type',
        { '@odata.type': '#test.everyone', groupId: 'x' },
        "The property 'x.groupId' does not exist on type 'test.everyone'.",
      ],
      ['a missing required property of the derived type', { '@odata.type': '#test.group' }, "'x.groupId' is required."],
      ['a wrong primitive in the derived type', { '@odata.type': '#test.group', groupId: 'not-a-guid' }, "'x.groupId' must be a GUID."],
    ])('refuses %s', (_, value, problem) => {
      expect(problemsOf('test.target', value)).toEqual([problem]);
    });
  });

  describe('enumerations, by member name', () => {
    it.each([0, 1, 'everything', 'None', null])('refuses %p', (mode) => {
      expect(problemsOf('test.target', { '@odata.type': '#test.everyone', mode })).toEqual([
        mode === null ? "'x.mode' must not be null." : "'x.mode' must be one of none, include, exclude.",
      ]);
    });

    it('leaves out a property that has a default value', () => {
      expect(problemsOf('test.target', { '@odata.type': '#test.everyone' })).toEqual([]);
    });
  });

  describe('primitives and facets', () => {
    it.each<[string, unknown, string[]]>([
      ['a valid value', { digits: '123', label: 'ok', seen: '2026-11-28T15:42:51.123+02:00', count: 3 }, []],
      ['a missing required property', {}, ["'x.digits' is required."]],
      ['a number for a string', { digits: 123 }, ["'x.digits' must be a string."]],
      ['a pattern mismatch', { digits: '12a' }, ["'x.digits' must be 3 digits."]],
      ['a string over MaxLength', { digits: '123', label: 'toolong' }, ["'x.label' must be at most 5 characters long."]],
      [
        'a date without an offset',
        { digits: '123', seen: '2026-11-28T15:42:51' },
        [expect.stringMatching(/'x\.seen' must be a date and time with an offset/)],
      ],
      ['a date that does not exist', { digits: '123', seen: '2026-02-30T25:00:00Z' }, [expect.stringMatching(/'x\.seen' must be a date/)]],
      ['a fractional Int32', { digits: '123', count: 1.5 }, ["'x.count' must be a whole number of 32 bits."]],
      ['an Int32 out of range', { digits: '123', count: 2 ** 31 }, ["'x.count' must be a whole number of 32 bits."]],
      [
        'a property named after Object.prototype',
        { digits: '123', hasOwnProperty: 1 },
        ["The property 'x.hasOwnProperty' does not exist on type 'test.code'."],
      ],
      [
        'every bad property of one value',
        { digits: 'x', label: 'toolong', extra: true },
        [expect.any(String), expect.any(String), expect.any(String)],
      ],
    ])('reports %s', (_, value, problems) => {
      expect(problemsOf('test.code', value)).toEqual(problems);
    });

    it('names the element of a collection, and refuses a null collection', () => {
      expect(problemsOf('test.code', [{ digits: '123' }, { digits: '1' }], { collection: true })).toEqual([
        "'x[1].digits' must be 3 digits.",
      ]);
      expect(problemsOf('test.code', null, { collection: true })).toEqual(["'x' must not be null."]);
      expect(problemsOf('test.code', { digits: '123' }, { collection: true })).toEqual(["'x' must be a JSON array."]);
    });
  });

  it('refuses null among the entities of a collection, whatever the nullability the use states', () => {
    expect(problemsOf('test.assignment', [null], { collection: true, nullable: true })).toEqual(["'x[0]' must not be null."]);
    expect(problemsOf('test.code', [null], { collection: true, nullable: true })).toEqual([]);
  });

  it('ignores read-only properties of an entity value and requires the rest', () => {
    expect(problemsOf('test.assignment', { id: 'anything', target: { '@odata.type': '#test.everyone' } })).toEqual([]);
    expect(problemsOf('test.assignment', { id: 'anything' })).toEqual(["'x.target' is required."]);
  });

  it('checks the facets of a member given on its own, as a DTO property is', () => {
    const problems: string[] = [];
    compileMemberCheck(model, { type: 'Edm.String', maxLength: 3 })('long', 'name', problems);
    expect(problems).toEqual(["'name' must be at most 3 characters long."]);
  });

  it('refuses at start-up a type the model does not have', () => {
    expect(() => compileValueCheck(model, { type: 'test.missing' })).toThrow(/no EDM type test\.missing/);
  });
});
