import { IsDefined, IsString } from 'class-validator';
import { GraphHttpError } from '../errors/graph-error';
import { dropInstanceAnnotations, GraphBodyPipe } from './graph-body.pipe';
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

  it.each<[string, unknown, RegExp]>([
    ['no body', undefined, /JSON object is required/],
    ['a JSON array', [{ name: 'x' }], /must be a JSON object/],
    ['a JSON string', 'x', /must be a JSON object/],
    ['an unknown property', { name: 'x', size: 3 }, /The property 'size' does not exist on type 'test\.widget'\./],
    ['a wrong type', { name: 3 }, /'name' must be a string\./],
    ['a wrong @odata.type', { '@odata.type': 'test.gadget', name: 'x' }, /'@odata\.type' must be '#test\.widget'/],
  ])('rejects %s with a 400 GraphHttpError', async (_, value, message) => {
    const failure = transform(value);
    await expect(failure).rejects.toBeInstanceOf(GraphHttpError);
    await expect(failure).rejects.toMatchObject({ status: 400, code: 'invalidRequest', message: expect.stringMatching(message) });
  });

  it('leaves bodies of DTOs without an OData type, and other parameters, alone', async () => {
    await expect(transform({ anything: 1 }, PlainDto)).resolves.toEqual({ anything: 1 });
    await expect(pipe.transform('abc', { type: 'param', metatype: String })).resolves.toBe('abc');
  });
});

describe('dropInstanceAnnotations', () => {
  it('removes annotations at every depth but keeps @odata.type', () => {
    const body = {
      '@odata.context': 'x',
      'name@odata.type': '#String',
      '@odata.type': '#test.widget',
      parts: [{ '@odata.id': 'y', '@odata.type': '#test.part', size: 1 }],
    };
    dropInstanceAnnotations(body);
    expect(body).toEqual({ '@odata.type': '#test.widget', parts: [{ '@odata.type': '#test.part', size: 1 }] });
  });
});
