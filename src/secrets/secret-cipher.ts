import { createCipheriv, createDecipheriv, createHash, createSecretKey, hkdfSync, KeyObject, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** IVs drawn from the CSPRNG in blocks: one call per 4,096 values instead of one per value. */
const IV_BLOCK = 4096;

/** A sealed secret: which key sealed it, and `base64(iv | ciphertext | tag)`. */
export interface SealedSecret {
  readonly keyId: string;
  readonly ciphertext: string;
}

/**
 * AES-256-GCM for secrets at rest (spec §4). Each value gets a fresh random IV and is bound to
 * `associatedData` (e.g. its tenant and ICCID), so a ciphertext copied onto another row fails to open.
 * The key id travels with every value, so keys can rotate: new values use the current key, and
 * older ones still open with the key they name.
 */
export class SecretCipher {
  private readonly keys = new Map<string, KeyObject>();
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  private readonly currentKey: Buffer;
  private ivs = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    this.currentKeyId = this.addKey(currentKey);
    this.currentKey = currentKey;
    for (const key of previousKeys) this.addKey(key);
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    const iv = this.nextIv();
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentKeyId) as KeyObject, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.currentKeyId, ciphertext: body.toString('base64') };
  }

  /** Whether values sealed under `keyId` can be opened (it is the current key or a previous one). */
  canOpen(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  open(sealed: SealedSecret, associatedData: string): string {
    const key = this.keys.get(sealed.keyId);
    if (key === undefined) throw new Error(`No key with id ${sealed.keyId} is configured`);
    const body = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv(ALGORITHM, key, body.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /**
   * A separate key for another purpose (e.g. signing skip tokens), derived with HKDF so that one
   * configured secret serves every instance without ever being used for two things.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.currentKey, Buffer.alloc(0), `graph-esim-service/${purpose}`, 32));
  }

  private addKey(key: Buffer): string {
    if (key.length !== 32) throw new Error('AES-256 keys are 32 bytes');
    // A fingerprint, not the key: safe to store beside every value.
    const keyId = createHash('sha256').update('esim-code-key/').update(key).digest('hex').slice(0, 16);
    this.keys.set(keyId, createSecretKey(key));
    return keyId;
  }

  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivs.length) {
      this.ivs = randomBytes(IV_BYTES * IV_BLOCK);
      this.ivOffset = 0;
    }
    const iv = this.ivs.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }
}
