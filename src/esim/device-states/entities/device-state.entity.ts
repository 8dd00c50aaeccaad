import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, VersionColumn } from 'typeorm';
import { CODE_POINT_COLLATION } from '../../../database/text-collation';
import { declaredProperty } from '../../../odata/edm/edm-types';
import { DEVICE_STATE_EDM_TYPE } from '../../esim.schema';
import { ActivationCodePoolEntity } from '../../pools/entities/activation-code-pool.entity';

const maxLengthOf = (name: string) => declaredProperty(DEVICE_STATE_EDM_TYPE, name).maxLength;

/**
 * Persistence only. Timestamps are ISO 8601 UTC strings (they sort as text); the state is its
 * member's value, which orders as OData orders enumeration members.
 */
@Entity({ name: 'embedded_sim_device_states' })
@Index('IDX_embedded_sim_device_states_listing', ['tenantId', 'poolId', 'id'])
@Index('IDX_embedded_sim_device_states_state', ['tenantId', 'poolId', 'state', 'id'])
@Index('IDX_embedded_sim_device_states_lastSync', ['tenantId', 'poolId', 'lastSyncDateTime', 'id'])
export class DeviceStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  id: string;

  @Column({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  tenantId: string;

  @Column({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  poolId: string;

  @ManyToOne(() => ActivationCodePoolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poolId', foreignKeyConstraintName: 'FK_embedded_sim_device_states_pool' })
  pool?: ActivationCodePoolEntity;

  @Column({ type: 'varchar', length: 32, collation: CODE_POINT_COLLATION })
  createdDateTime: string;

  @Column({ type: 'varchar', length: 32, collation: CODE_POINT_COLLATION })
  modifiedDateTime: string;

  @Column({ type: 'varchar', length: 32, nullable: true, collation: CODE_POINT_COLLATION })
  lastSyncDateTime: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true, collation: CODE_POINT_COLLATION })
  universalIntegratedCircuitCardIdentifier: string | null;

  @Column({ type: 'varchar', length: maxLengthOf('deviceName'), nullable: true, collation: CODE_POINT_COLLATION })
  deviceName: string | null;

  @Column({ type: 'varchar', length: maxLengthOf('userName'), nullable: true, collation: CODE_POINT_COLLATION })
  userName: string | null;

  @Column({ type: 'varchar', length: maxLengthOf('stateDetails'), nullable: true, collation: CODE_POINT_COLLATION })
  stateDetails: string | null;

  @Column({ type: 'integer' })
  state: number;

  /** Counts the row's changes; its ETag is made of it (as `ActivationCodePoolEntity.version`). */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number;
}
