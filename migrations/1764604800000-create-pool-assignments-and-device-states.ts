import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The pool's contained navigation properties: its assignments (one row per target, unique per pool)
 * and the state of each device provisioned from it. Both carry the tenant, listed by (tenant, pool,
 * key), and go with their pool (ON DELETE CASCADE).
 */
export class CreatePoolAssignmentsAndDeviceStates1764604800000 implements MigrationInterface {
  name = 'CreatePoolAssignmentsAndDeviceStates1764604800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const poolForeignKey = (name: string) => ({
      name,
      columnNames: ['poolId'],
      referencedTableName: 'activation_code_pools',
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    });
    await queryRunner.createTable(
      new Table({
        name: 'activation_code_pool_assignments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'tenantId', type: 'varchar', length: '36' },
          { name: 'poolId', type: 'varchar', length: '36' },
          { name: 'targetType', type: 'varchar', length: '128' },
          { name: 'targetId', type: 'varchar', length: '36' },
          { name: 'filterId', type: 'varchar', length: '36', isNullable: true },
          { name: 'filterType', type: 'integer' },
        ],
        foreignKeys: [poolForeignKey('FK_activation_code_pool_assignments_pool')],
        indices: [
          { name: 'IDX_activation_code_pool_assignments_listing', columnNames: ['tenantId', 'poolId', 'id'] },
          { name: 'UQ_activation_code_pool_assignments_target', columnNames: ['poolId', 'targetType', 'targetId'], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'embedded_sim_device_states',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'tenantId', type: 'varchar', length: '36' },
          { name: 'poolId', type: 'varchar', length: '36' },
          { name: 'createdDateTime', type: 'varchar', length: '32' },
          { name: 'modifiedDateTime', type: 'varchar', length: '32' },
          { name: 'lastSyncDateTime', type: 'varchar', length: '32', isNullable: true },
          { name: 'universalIntegratedCircuitCardIdentifier', type: 'varchar', length: '20', isNullable: true },
          { name: 'deviceName', type: 'varchar', length: '256', isNullable: true },
          { name: 'userName', type: 'varchar', length: '320', isNullable: true },
          { name: 'stateDetails', type: 'varchar', length: '2048', isNullable: true },
          { name: 'state', type: 'integer' },
        ],
        foreignKeys: [poolForeignKey('FK_embedded_sim_device_states_pool')],
        indices: [
          { name: 'IDX_embedded_sim_device_states_listing', columnNames: ['tenantId', 'poolId', 'id'] },
          { name: 'IDX_embedded_sim_device_states_state', columnNames: ['tenantId', 'poolId', 'state', 'id'] },
          { name: 'IDX_embedded_sim_device_states_lastSync', columnNames: ['tenantId', 'poolId', 'lastSyncDateTime', 'id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('embedded_sim_device_states');
    await queryRunner.dropTable('activation_code_pool_assignments');
  }
}
