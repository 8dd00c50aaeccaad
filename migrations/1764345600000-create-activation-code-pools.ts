import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Pools and their codes, written with TypeORM's schema API so the same migration runs on SQLite and PostgreSQL. */
export class CreateActivationCodePools1764345600000 implements MigrationInterface {
  name = 'CreateActivationCodePools1764345600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'activation_code_pools',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'tenantId', type: 'varchar', length: '36' },
          { name: 'displayName', type: 'varchar', length: '256' },
          { name: 'createdDateTime', type: 'varchar', length: '32' },
          { name: 'modifiedDateTime', type: 'varchar', length: '32' },
          { name: 'activationCodeCount', type: 'integer' },
        ],
        indices: [{ name: 'IDX_activation_code_pools_tenant', columnNames: ['tenantId', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'activation_codes',
        columns: [
          { name: 'tenantId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'integratedCircuitCardIdentifier', type: 'varchar', length: '20', isPrimary: true },
          { name: 'poolId', type: 'varchar', length: '36' },
          { name: 'encryptedMatchingIdentifier', type: 'text' },
          { name: 'encryptionKeyId', type: 'varchar', length: '16' },
          { name: 'smdpPlusServerAddress', type: 'varchar', length: '255' },
        ],
        foreignKeys: [
          {
            name: 'FK_activation_codes_pool',
            columnNames: ['poolId'],
            referencedTableName: 'activation_code_pools',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'IDX_activation_codes_pool', columnNames: ['poolId'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('activation_codes');
    await queryRunner.dropTable('activation_code_pools');
  }
}
