import { DataSource, FindOptionsWhere } from 'typeorm';
import { ActivationCodeEntity } from '../../src/esim/pools/entities/activation-code.entity';

/** An activation code as the database stores it: the matching identifier sealed. */
export interface StoredCode {
  readonly tenantId: string;
  readonly poolId: string;
  readonly iccid: string;
  readonly ciphertext: string;
  readonly keyId: string;
  readonly smdpPlusServerAddress: string;
}

/**
 * The stored activation codes that match `where`, by ICCID, read past the service through its data
 * source (with TypeORM's SQL, so on SQLite and PostgreSQL alike).
 */
export async function storedCodes(dataSource: DataSource, where: FindOptionsWhere<ActivationCodeEntity> = {}): Promise<StoredCode[]> {
  const codes = await dataSource.getRepository(ActivationCodeEntity).find({ where, order: { integratedCircuitCardIdentifier: 'ASC' } });
  return codes.map((code) => ({
    tenantId: code.tenantId,
    poolId: code.poolId,
    iccid: code.integratedCircuitCardIdentifier,
    ciphertext: code.encryptedMatchingIdentifier,
    keyId: code.encryptionKeyId,
    smdpPlusServerAddress: code.smdpPlusServerAddress,
  }));
}

/** How many activation codes match `where`. */
export function storedCodeCount(dataSource: DataSource, where: FindOptionsWhere<ActivationCodeEntity> = {}): Promise<number> {
  return dataSource.getRepository(ActivationCodeEntity).countBy(where);
}
