import { randomBytes } from 'node:crypto';
import { AppError } from '../../../common/app-error';
import { SkipTokenCodec } from './skip-token';
import { changeCharacterAt } from '../../../../test/support/tamper';

describe('SkipTokenCodec', () => {
  const codec = new SkipTokenCodec(randomBytes(32));

  it('round-trips a cursor within the same scope', () => {
    const token = codec.encode(['Pool 7', '2026-11-28T10:00:00.000Z', 'a1b2'], 'tenant|q');
    expect(codec.decode(token, 'tenant|q')).toEqual(['Pool 7', '2026-11-28T10:00:00.000Z', 'a1b2']);
  });

  it.each([
    ['another scope (tenant or query)', (token: string) => [token, 'other|q']],
    ['an edited payload', (token: string) => [`${Buffer.from('["Pool 9","x"]').toString('base64url')}.${token.split('.')[1]}`, 'tenant|q']],
    ['an edited signature', (token: string) => [changeCharacterAt(token, -1), 'tenant|q']],
    ['no signature', (token: string) => [token.split('.')[0], 'tenant|q']],
    ['garbage', () => ['%%%', 'tenant|q']],
    ['a token of another key', () => [new SkipTokenCodec(randomBytes(32)).encode(['x'], 'tenant|q'), 'tenant|q']],
  ])('refuses %s', (_, tamper) => {
    const [token, scope] = tamper(codec.encode(['Pool 7', 'a1b2'], 'tenant|q'));
    expect(() => codec.decode(token, scope)).toThrow(AppError);
    expect(() => codec.decode(token, scope)).toThrow(/skiptoken is invalid/);
  });
});
