import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { SecretCipher } from '../../secrets/secret-cipher';
import { ActivationCodeEntity } from './entities/activation-code.entity';
import { matchingIdentifierBinding } from './preparation/prepared-codes';

export interface ResealProgress {
  readonly resealed: number;
  readonly total: number;
}

/** Rows a run seals again per transaction: a few milliseconds of work, so an interruption loses little. */
const DEFAULT_BATCH_SIZE = 1000;

/**
 * Key rotation, second half (spec §13, `ESIM_CODE_KEYS_PREVIOUS`): seals every stored matching
 * identifier again under the current key, in batches of one transaction each. Interrupted, it keeps
 * what it committed; run again, it takes up the rows still under an older key. Each update names the
 * key the row had, so a row changed meanwhile is left for the next pass, never overwritten.
 */
@Injectable()
export class CodeResealer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  /** Rows under each key other than the current one. */
  async pendingByKey(): Promise<Map<string, number>> {
    const rows = await this.dataSource
      .getRepository(ActivationCodeEntity)
      .createQueryBuilder('code')
      .select('code.encryptionKeyId', 'keyId')
      .addSelect('COUNT(*)', 'rows')
      .where('code.encryptionKeyId <> :current', { current: this.cipher.currentKeyId })
      .groupBy('code.encryptionKeyId')
      .getRawMany<{ keyId: string; rows: string | number }>();
    return new Map(rows.map(({ keyId, rows: count }) => [keyId, Number(count)]));
  }

  /**
   * The keys of stored rows that this configuration cannot open: not the configuration that sealed
   * them. Whoever writes codes checks it first, so that no row is sealed under a key the service lacks.
   */
  async unknownKeyIds(): Promise<string[]> {
    return this.unopenable(await this.pendingByKey());
  }

  async reseal(options: { batchSize?: number; onProgress?: (progress: ResealProgress) => void } = {}): Promise<ResealProgress> {
    const pending = await this.pendingByKey();
    const unknown = this.unopenable(pending);
    if (unknown.length > 0) {
      throw new Error(
        `Rows are sealed under keys this configuration does not have (key ids ${unknown.join(', ')}); ` +
          'add those keys to ESIM_CODE_KEYS_PREVIOUS. Nothing was changed.',
      );
    }
    const total = [...pending.values()].reduce((sum, count) => sum + count, 0);
    let resealed = 0;
    for (;;) {
      const batch = await this.dataSource.getRepository(ActivationCodeEntity).find({
        where: { encryptionKeyId: Not(this.cipher.currentKeyId) },
        order: { tenantId: 'ASC', integratedCircuitCardIdentifier: 'ASC' },
        take: options.batchSize ?? DEFAULT_BATCH_SIZE,
      });
      if (batch.length === 0) break;
      await this.dataSource.transaction(async (manager) => {
        for (const code of batch) {
          const binding = matchingIdentifierBinding(code.tenantId, code.integratedCircuitCardIdentifier);
          const plain = this.cipher.open({ keyId: code.encryptionKeyId, ciphertext: code.encryptedMatchingIdentifier }, binding);
          const sealed = this.cipher.seal(plain, binding);
          await manager.update(
            ActivationCodeEntity,
            {
              tenantId: code.tenantId,
              integratedCircuitCardIdentifier: code.integratedCircuitCardIdentifier,
              encryptionKeyId: code.encryptionKeyId,
            },
            { encryptedMatchingIdentifier: sealed.ciphertext, encryptionKeyId: sealed.keyId },
          );
        }
      });
      resealed += batch.length;
      options.onProgress?.({ resealed, total });
    }
    return { resealed, total };
  }

  private unopenable(rowsByKey: ReadonlyMap<string, number>): string[] {
    return [...rowsByKey.keys()].filter((keyId) => !this.cipher.canOpen(keyId));
  }
}
