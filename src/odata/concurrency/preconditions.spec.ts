import { AppError } from '../../common/app-error';
import { weakEntityTag } from './entity-tags';
import { ReadOutcome, RequestPreconditions } from './preconditions';

const CURRENT = weakEntityTag(3);

describe('RequestPreconditions', () => {
  it('is NONE without If-Match and If-None-Match, and then needs no version check', () => {
    const preconditions = RequestPreconditions.of({});
    expect(preconditions).toBe(RequestPreconditions.NONE);
    expect(preconditions.versionCheck()).toBeUndefined();
    expect(preconditions.readOutcome(CURRENT)).toBe('proceed');
    expect(preconditions.permitsWrite(CURRENT)).toBe(true);
  });

  it.each<[string, Record<string, string>, ReadOutcome, boolean]>([
    ['If-Match naming the current tag', { 'if-match': 'W/"3"' }, 'proceed', true],
    ['If-Match naming it in strong form (weak comparison)', { 'if-match': '"3"' }, 'proceed', true],
    ['If-Match naming another tag', { 'if-match': 'W/"2"' }, 'failed', false],
    ['If-Match with the current tag in a list', { 'if-match': 'W/"1",W/"3" , "9"' }, 'proceed', true],
    ['If-Match with empty list elements around the tag', { 'if-match': ' , W/"3",, ' }, 'proceed', true],
    ['If-Match: *', { 'if-match': '*' }, 'proceed', true],
    ['If-Match with a tag holding a comma', { 'if-match': 'W/"3,4"' }, 'failed', false],
    ['If-None-Match naming the current tag', { 'if-none-match': 'W/"3"' }, 'notModified', false],
    ['If-None-Match naming another tag', { 'if-none-match': 'W/"2"' }, 'proceed', true],
    ['If-None-Match: *', { 'if-none-match': '*' }, 'notModified', false],
    [
      'a failing If-Match before a true If-None-Match (RFC 9110 §13.2.2)',
      { 'if-match': 'W/"2"', 'if-none-match': 'W/"2"' },
      'failed',
      false,
    ],
    ['a true If-Match and a false If-None-Match', { 'if-match': 'W/"3"', 'if-none-match': 'W/"3"' }, 'notModified', false],
  ])('evaluates %s against W/"3": a read %s, a write permitted: %s', (_case, headers, read, write) => {
    const preconditions = RequestPreconditions.of(headers);
    expect(preconditions.readOutcome(CURRENT)).toBe(read);
    expect(preconditions.permitsWrite(CURRENT)).toBe(write);
    expect(preconditions.versionCheck()?.(3)).toBe(write);
  });

  it('reads a header sent more than once as one list', () => {
    expect(RequestPreconditions.of({ 'if-match': ['W/"1"', 'W/"3"'] as unknown as string }).permitsWrite(CURRENT)).toBe(true);
  });

  it.each([
    ['an unquoted tag', 'abc'],
    ['a tag without its closing quote', 'W/"3'],
    ['a lower-case weak prefix', 'w/"3"'],
    ['a weak prefix alone', 'W/'],
    ['* in a list', '*, W/"3"'],
    ['two tags without a comma', 'W/"1" W/"3"'],
    ['a double quote inside a tag', '"a"b"'],
    ['an empty value', ''],
    ['commas only', ' , ,'],
  ])('refuses %s with an invalid-input error naming the header', (_case, value) => {
    for (const [header, name] of [
      ['if-match', 'If-Match'],
      ['if-none-match', 'If-None-Match'],
    ]) {
      const parse = () => RequestPreconditions.of({ [header]: value });
      expect(parse).toThrow(AppError);
      expect(parse).toThrow(new RegExp(`The ${name} header is not valid`));
    }
  });
});
