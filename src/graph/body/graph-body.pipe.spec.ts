import { IsDefined, IsString } from 'class-validator';
import { GraphHttpError } from '../errors/graph-error';
import { GraphBodyPipe } from './graph-body.pipe';
import { UnparsedJson } from './json-text';
import { ODataTypeAnnotation, ReadOnlyProperty } from './wire-decorators';

class WidgetDto {
  @ODataTypeAnnotation('test.widget')
  '@odata.type'?: string;

  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  name: string;

  @ReadOnlyProperty() id?: unknown;
}

class PlainDto {
  name: string;
}

describe('GraphBodyPipe', () => {
  const pipe = new GraphBodyPipe();
  const transform = (value: unknown, metatype: new () => object = WidgetDto) =>
    pipe.transform(value, { type: 'body', metatype: metatype as never });

  it('returns a DTO instance without read-only properties and annotations', async () => {
    const dto = await transform({ '@odata.etag': 'W/"1"', name: 'gear', id: 'client-id' });
    expect(dto).toBeInstanceOf(WidgetDto);
    expect(dto).toEqual(Object.assign(new WidgetDto(), { name: 'gear' }));
  });

  it('parses a body the HTTP layer left as text before checking it', async () => {
    await expect(transform(new UnparsedJson(Buffer.from('{"name": "gear"}')))).resolves.toEqual(
      Object.assign(new WidgetDto(), { name: 'gear' }),
    );
    await expect(transform(new UnparsedJson(Buffer.from('{"name": ')))).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['no body', undefined, /JSON object is required/],
    ['a JSON array', [{ name: 'x' }], /must be a JSON object/],
    ['a JSON string', 'x', /must be a JSON object/],
    ['an unknown property', { name: 'x', size: 3 }, /The property 'size' does not exist on type 'test\.widget'\./],
    ['a wrong type', { name: 3 }, /'name' must be a string\./],
    ['a wrong @odata.type', { '@odata.type': 'test.gadget', name: 'x' }, /'@odata\.type' must be '#test\.widget'/],
    ['a property named constructor', JSON.parse('{"constructor": 1, "name": "x"}'), /The property 'constructor' does not exist/],
    ['a null constructor', JSON.parse('{"constructor": null, "name": "x"}'), /The property 'constructor' does not exist/],
    ...['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__', 'toString', 'valueOf'].map(
      (name): [string, unknown, RegExp] => [
        `a property named ${name}`,
        { name: 'x', [name]: 1 },
        new RegExp(`The property '${name}' does not exist`),
      ],
    ),
    ['a lone surrogate', { name: 'a\ud800b' }, /'name' holds a lone UTF-16 surrogate/],
    ['arrays nested 20,000 deep', { name: 'x', tags: JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) }, /nested more than 32 levels/],
  ])('rejects %s with a 400 GraphHttpError', async (_, value, message) => {
    const failure = transform(value);
    await expect(failure).rejects.toBeInstanceOf(GraphHttpError);
    await expect(failure).rejects.toMatchObject({ status: 400, code: 'invalidRequest', message: expect.stringMatching(message) });
  });

  it('leaves bodies of DTOs without an OData type, and other parameters, alone', () => {
    expect(transform({ anything: 1 }, PlainDto)).toEqual({ anything: 1 });
    expect(pipe.transform('abc', { type: 'param', metatype: String })).toBe('abc');
  });
});
