import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Optimistic concurrency (spec §9): a version counter on every entity that carries an ETag, which
 * each change increments. Rows written before it start at version 1.
 */
const VERSIONED_TABLES = ['activation_code_pools', 'activation_code_pool_assignments', 'embedded_sim_device_states'];

export class AddEntityVersions1764691200000 implements MigrationInterface {
  name = 'AddEntityVersions1764691200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of VERSIONED_TABLES) {
      await queryRunner.addColumn(table, new TableColumn({ name: 'version', type: 'integer', default: 1 }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of VERSIONED_TABLES) await queryRunner.dropColumn(table, 'version');
  }
}
