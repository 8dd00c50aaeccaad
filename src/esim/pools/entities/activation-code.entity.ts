import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CODE_POINT_COLLATION } from '../../../database/text-collation';
import { ActivationCodePoolEntity } from './activation-code-pool.entity';

/**
 * One secret activation code. The key (tenant, ICCID) is what makes an ICCID unique per tenant
 * (spec §2), enforced by the database rather than by a read-then-write race.
 */
@Entity({ name: 'activation_codes' })
@Index('IDX_activation_codes_pool', ['poolId'])
export class ActivationCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 20, collation: CODE_POINT_COLLATION })
  integratedCircuitCardIdentifier: string;

  @Column({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  poolId: string;

  @ManyToOne(() => ActivationCodePoolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poolId', foreignKeyConstraintName: 'FK_activation_codes_pool' })
  pool?: ActivationCodePoolEntity;

  /**
   * The secret, sealed with AES-256-GCM (spec §4) and bound to this tenant and ICCID. No response
   * type has a field for it, and the EDM marks the codes write-only.
   */
  @Column({ type: 'text', collation: CODE_POINT_COLLATION })
  encryptedMatchingIdentifier: string;

  /** Which key sealed it, so keys can rotate. */
  @Column({ type: 'varchar', length: 16, collation: CODE_POINT_COLLATION })
  encryptionKeyId: string;

  @Column({ type: 'varchar', length: 255, collation: CODE_POINT_COLLATION })
  smdpPlusServerAddress: string;
}
