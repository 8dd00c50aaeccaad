import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { CODE_POINT_COLLATION } from '../../../database/text-collation';
import { declaredProperty } from '../../../odata/edm/edm-types';
import { POOL_EDM_TYPE } from '../../esim.schema';

/** Persistence only. Timestamps are ISO 8601 UTC strings, which sort and compare correctly as text. */
@Entity({ name: 'activation_code_pools' })
@Index('IDX_activation_code_pools_tenant', ['tenantId', 'id'])
@Index('IDX_activation_code_pools_tenant_displayName', ['tenantId', 'displayName', 'id'])
@Index('IDX_activation_code_pools_tenant_createdDateTime', ['tenantId', 'createdDateTime', 'id'])
@Index('IDX_activation_code_pools_tenant_modifiedDateTime', ['tenantId', 'modifiedDateTime', 'id'])
export class ActivationCodePoolEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  id: string;

  @Column({ type: 'varchar', length: 36, collation: CODE_POINT_COLLATION })
  tenantId: string;

  @Column({ type: 'varchar', length: declaredProperty(POOL_EDM_TYPE, 'displayName').maxLength, collation: CODE_POINT_COLLATION })
  displayName: string;

  @Column({ type: 'varchar', length: 32, collation: CODE_POINT_COLLATION })
  createdDateTime: string;

  @Column({ type: 'varchar', length: 32, collation: CODE_POINT_COLLATION })
  modifiedDateTime: string;

  /** Maintained by every write that changes the codes, so reads never count rows. */
  @Column({ type: 'integer' })
  activationCodeCount: number;

  /**
   * Counts the row's changes (optimistic concurrency, spec §9): every UPDATE through TypeORM adds 1,
   * and the entity's ETag is made of it, since two changes within a millisecond share a timestamp.
   */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number;
}
