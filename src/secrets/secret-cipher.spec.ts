import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const key = randomBytes(32);
  const cipher = new SecretCipher(key);

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = cipher.seal('TN5ZB-2VZQK-BQ7CE-LM3WQ', 'tenant/8944500102198304826');
    expect(sealed.ciphertext).not.toContain('TN5ZB');
    expect(Buffer.from(sealed.ciphertext, 'base64').toString('latin1')).not.toContain('TN5ZB');
    expect(cipher.open(sealed, 'tenant/8944500102198304826')).toBe('TN5ZB-2VZQK-BQ7CE-LM3WQ');
  });

  it('uses a fresh IV for every value', () => {
    const a = cipher.seal('same', 'aad');
    const b = cipher.seal('same', 'aad');
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses a ciphertext moved to another row (associated data)', () => {
    const sealed = cipher.seal('secret', 'tenant-a/1');
    expect(() => cipher.open(sealed, 'tenant-b/1')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = cipher.seal('secret', 'aad');
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[14] ^= 1;
    expect(() => cipher.open({ ...sealed, ciphertext: bytes.toString('base64') }, 'aad')).toThrow();
  });

  it('seals with the current key and still opens values of a previous key after rotation', () => {
    const old = cipher.seal('from before', 'aad');
    const rotated = new SecretCipher(randomBytes(32), [key]);
    const fresh = rotated.seal('after', 'aad');
    expect(fresh.keyId).not.toBe(old.keyId);
    expect(rotated.open(old, 'aad')).toBe('from before');
    expect(rotated.open(fresh, 'aad')).toBe('after');
  });

  it('names a key id that is a fingerprint, not the key', () => {
    const { keyId } = cipher.seal('x', 'aad');
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.toString('hex')).not.toContain(keyId);
  });
});
