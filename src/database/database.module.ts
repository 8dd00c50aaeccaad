import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ERROR_TRANSLATOR } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { databaseOptions, EntityList } from './database-options';
import { translateStorageFailure } from './storage-failures';
import { WalCheckpointer } from './wal-checkpointer';
import { WriteTransactions } from './write-transactions';

/** SQLite's own connection for writes (see WriteTransactions); the main connection has run the migrations. */
const SQLITE_WRITER = Symbol('database:sqliteWriter');

/** The database connections, the one way to write, and what storage failures mean to a client. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationBootstrap, OnModuleDestroy {
  static forRoot(options: { readonly entities: EntityList }): DynamicModule {
    const optionsFor = (config: AppConfig) => databaseOptions(config, options.entities);
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: optionsFor })],
      providers: [
        { provide: ERROR_TRANSLATOR, useValue: translateStorageFailure },
        {
          provide: SQLITE_WRITER,
          inject: [AppConfig, DataSource],
          useFactory: async (config: AppConfig, main: DataSource) =>
            // `:memory:` names a new database per connection: there, the one connection must serve both.
            config.database.path === ':memory:' ? main : new DataSource(databaseOptions(config, options.entities, 'writer')).initialize(),
        },
        {
          provide: WriteTransactions,
          inject: [SQLITE_WRITER, DataSource],
          useFactory: (writer: DataSource, main: DataSource) =>
            new WriteTransactions(writer, { oneAtATime: true, isolatedFromReads: writer !== main }),
        },
      ],
      exports: [ERROR_TRANSLATOR, WriteTransactions],
    };
  }

  private readonly checkpointer: WalCheckpointer | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SQLITE_WRITER) private readonly writer: DataSource,
    config: AppConfig,
  ) {
    const logger = new Logger('Database');
    this.checkpointer =
      writer === dataSource
        ? undefined
        : new WalCheckpointer(config.database.path, (failure) => logger.warn(`WAL checkpoint failed: ${failure}`));
  }

  /**
   * Fail fast: a database that opens but cannot be written (a read-only file or file system, no
   * space) would otherwise pass for ready and answer every write with an error.
   */
  async onApplicationBootstrap(): Promise<void> {
    const runner = this.writer.createQueryRunner();
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

  async onModuleDestroy(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.writer !== this.dataSource && this.writer.isInitialized) await this.writer.destroy();
  }
}
