import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes for the common list queries of one tenant (issue: OData query engine): ordering and keyset
 * paging by displayName, createdDateTime and modifiedDateTime, each ending in the key that every
 * ordering carries, and `eq`/`startswith` on displayName (a range on a binary index).
 */
const INDEXES = ['displayName', 'createdDateTime', 'modifiedDateTime'].map(
  (column) => new TableIndex({ name: `IDX_activation_code_pools_tenant_${column}`, columnNames: ['tenantId', column, 'id'] }),
);

export class IndexPoolListing1764432000000 implements MigrationInterface {
  name = 'IndexPoolListing1764432000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndices('activation_code_pools', INDEXES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.dropIndex('activation_code_pools', index);
  }
}
