import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ActivationCodePoolEntity } from './activation-code-pool.entity';

/**
 * One secret activation code. The key (tenant, ICCID) is what makes an ICCID unique per tenant
 * (spec §2), enforced by the database rather than by a read-then-write race.
 */
@Entity({ name: 'activation_codes' })
@Index('IDX_activation_codes_pool', ['poolId'])
export class ActivationCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  integratedCircuitCardIdentifier: string;

  @Column({ type: 'varchar', length: 36 })
  poolId: string;

  @ManyToOne(() => ActivationCodePoolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poolId', foreignKeyConstraintName: 'FK_activation_codes_pool' })
  pool?: ActivationCodePoolEntity;

  /**
   * The secret, sealed with AES-256-GCM (spec §4) and bound to this tenant and ICCID. No response
   * type has a field for it, and the EDM marks the codes write-only.
   */
  @Column({ type: 'text' })
  encryptedMatchingIdentifier: string;

  /** Which key sealed it, so keys can rotate. */
  @Column({ type: 'varchar', length: 16 })
  encryptionKeyId: string;

  @Column({ type: 'varchar', length: 255 })
  smdpPlusServerAddress: string;
}
