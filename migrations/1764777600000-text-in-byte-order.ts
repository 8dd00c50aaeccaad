import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table so far; all their text columns are keys, names, addresses or ISO 8601 timestamps. */
const TABLES = ['activation_code_pools', 'activation_codes', 'activation_code_pool_assignments', 'embedded_sim_device_states'];

/**
 * Text compares and sorts by code point on every database, as SQLite's BINARY default does (its
 * bytes are UTF-8): PostgreSQL otherwise follows the database's locale (`en_US.UTF-8` puts 'beta'
 * before 'Gamma'), and `$orderby`, keyset page boundaries and `$filter` comparisons would differ
 * between the two. On the columns rather than in each query, so that their indexes are in that
 * order and serve those queries. Nothing changes on SQLite.
 */
export class TextInByteOrder1764777600000 implements MigrationInterface {
  name = 'TextInByteOrder1764777600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await collateText(queryRunner, '"C"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await collateText(queryRunner, 'pg_catalog."default"');
  }
}

async function collateText(queryRunner: QueryRunner, collation: string): Promise<void> {
  const { driver } = queryRunner.connection;
  if (driver.options.type !== 'postgres') return;
  for (const name of TABLES) {
    const table = await queryRunner.getTable(name);
    if (table === undefined) throw new Error(`The table ${name} is missing`);
    const alterations = table.columns
      .filter((column) => column.type === 'character varying' || column.type === 'text')
      .map((column) => `ALTER COLUMN ${driver.escape(column.name)} TYPE ${driver.createFullType(column)} COLLATE ${collation}`);
    await queryRunner.query(`ALTER TABLE ${driver.escape(name)} ${alterations.join(', ')}`);
  }
}
