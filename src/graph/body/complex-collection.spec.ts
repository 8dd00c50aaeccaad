import { EdmStructuredType } from '../../odata/edm/edm-types';
import { compileComplexValueCheck } from './complex-collection';

const CODE: EdmStructuredType = {
  kind: 'complex',
  name: 'code',
  properties: [
    { name: 'digits', type: 'Edm.String', nullable: false, pattern: /^\d{3}$/, patternDescription: 'must be 3 digits' },
    { name: 'label', type: 'Edm.String', maxLength: 5 },
  ],
};
const check = compileComplexValueCheck('test.code', CODE);

function problemsOf(value: unknown): string[] {
  const problems: string[] = [];
  check(value, 'codes[2]', problems);
  return problems;
}

describe('compileComplexValueCheck', () => {
  it.each<[string, unknown, string[]]>([
    ['a valid value', { digits: '123', label: 'ok' }, []],
    ['an optional property left out', { digits: '123' }, []],
    ['a nullable property set to null', { digits: '123', label: null }, []],
    ['the right @odata.type, with or without #', { '@odata.type': 'test.code', digits: '123' }, []],
    ['a missing required property', {}, ["'codes[2].digits' is required."]],
    ['null for a non-nullable property', { digits: null }, ["'codes[2].digits' must not be null."]],
    ['a number for a string', { digits: 123 }, ["'codes[2].digits' must be a string."]],
    ['a pattern mismatch', { digits: '12a' }, ["'codes[2].digits' must be 3 digits."]],
    ['a string over MaxLength', { digits: '123', label: 'toolong' }, ["'codes[2].label' must be at most 5 characters long."]],
    ['an unknown property', { digits: '123', pin: 1 }, ["The property 'codes[2].pin' does not exist on type 'test.code'."]],
    ['a wrong @odata.type', { '@odata.type': '#test.other', digits: '123' }, ["'codes[2].@odata.type' must be '#test.code'."]],
    ['an array instead of an object', ['123'], ["'codes[2]' must be a JSON object."]],
    ['null instead of an object', null, ["'codes[2]' must be a JSON object."]],
  ])('reports %s', (_, value, expected) => {
    expect(problemsOf(value)).toEqual(expected);
  });

  it('reports every bad property of one value', () => {
    expect(problemsOf({ digits: 'x', label: 'toolong', extra: true })).toHaveLength(3);
  });

  it('refuses at start-up a type it cannot check, rather than passing values unchecked', () => {
    const nested: EdmStructuredType = { kind: 'complex', name: 'n', properties: [{ name: 'when', type: 'Edm.DateTimeOffset' }] };
    expect(() => compileComplexValueCheck('test.n', nested)).toThrow(/supports single Edm.String properties only/);
  });
});
