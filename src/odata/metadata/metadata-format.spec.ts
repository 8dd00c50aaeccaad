import { AppError } from '../../common/app-error';
import { negotiateMetadataFormat } from './metadata-format';

describe('negotiateMetadataFormat', () => {
  it.each([
    [undefined, undefined, 'xml'],
    [undefined, '', 'xml'],
    [undefined, '*/*', 'xml'],
    [undefined, 'application/*', 'xml'],
    [undefined, 'application/xml', 'xml'],
    [undefined, 'application/json', 'json'],
    [undefined, 'application/json;odata.metadata=minimal', 'json'],
    [undefined, 'application/xml;q=0.5, application/json', 'json'],
    [undefined, 'application/json;q=0.9, application/xml', 'xml'],
    [undefined, 'application/json, application/xml', 'xml'],
    [undefined, 'text/html, application/json;q=0.8, */*;q=0.1', 'json'],
    [undefined, 'application/xml;q=0, */*', 'json'],
    ['json', 'application/xml', 'json'],
    ['JSON', undefined, 'json'],
    ['application/json', undefined, 'json'],
    ['application/json;odata.metadata=full', undefined, 'json'],
    ['xml', 'application/json', 'xml'],
    ['application/xml', undefined, 'xml'],
  ])('$format %p with Accept %p gives %s', (format, accept, expected) => {
    expect(negotiateMetadataFormat(format, accept)).toBe(expected);
  });

  it.each([
    [undefined, 'text/csv'],
    [undefined, 'text/*, image/png'],
    [undefined, 'application/json;q=0, application/xml;q=0'],
    ['atom', undefined],
    ['text/csv', 'application/xml'],
  ])('$format %p with Accept %p is a 406 notAcceptable naming what is available', (format, accept) => {
    let thrown: unknown;
    try {
      negotiateMetadataFormat(format, accept);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ kind: 'notAcceptable', message: expect.stringMatching(/xml.*json/) });
  });
});
