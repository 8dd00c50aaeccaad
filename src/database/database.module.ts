import { Global, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ERROR_TRANSLATOR } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';
import { translateStorageFailure } from './storage-failures';

/** The database connection, and what its failures mean to a client. */
@Global()
@Module({
  imports: [TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => databaseOptions(config) })],
  providers: [{ provide: ERROR_TRANSLATOR, useValue: translateStorageFailure }],
  exports: [ERROR_TRANSLATOR],
})
export class DatabaseModule implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Fail fast: a database that opens but cannot be written (a read-only file or file system, no
   * space) would otherwise pass for ready and answer every write with an error.
   */
  async onApplicationBootstrap(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('CREATE TABLE startup_write_probe (probe INTEGER)');
    } catch (error) {
      throw new Error(`The database cannot be written: ${(error as Error).message}. Check DB_PATH/DATA_DIR permissions and free space.`, {
        cause: error,
      });
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }
}
