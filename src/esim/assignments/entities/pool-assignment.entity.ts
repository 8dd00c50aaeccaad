import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, VersionColumn } from 'typeorm';
import { CODE_POINT_COLLATION } from '../../../database/text-collation';
import { ActivationCodePoolEntity } from '../../pools/entities/activation-code-pool.entity';

/**
 * Persistence only. The target is stored by kind (`targetType`, its qualified EDM type name) and the
 * id it names (`targetId`: a group or collection id, empty for the kinds that name none), so that the
 * database keeps one assignment per target and pool.
 */
@Entity({ name: 'activation_code_pool_assignments' })
@Index('IDX_activation_code_pool_assignments_listing', ['tenantId', 'poolId', 'id'])
@Index('UQ_activation_code_pool_assignments_target', ['poolId', 'targetType', 'targetId'], { unique: true })
export class PoolAssignmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  id: string;

  @Column({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  tenantId: string;

  @Column({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  poolId: string;

  @ManyToOne(() => ActivationCodePoolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poolId', foreignKeyConstraintName: 'FK_activation_code_pool_assignments_pool' })
  pool?: ActivationCodePoolEntity;

  @Column({ type: 'varchar', length: 128, collation: CODE_POINT_COLLATION })
  targetType: string;

  @Column({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  targetId: string;

  @Column({ type: 'varchar', length: 36, nullable: true, collation: CODE_POINT_COLLATION })
  filterId: string | null;

  /** The member value of `deviceAndAppManagementAssignmentFilterType`. */
  @Column({ type: 'integer' })
  filterType: number;

  /** Counts the row's changes; its ETag is made of it (as `ActivationCodePoolEntity.version`). */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number;
}
