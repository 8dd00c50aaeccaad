import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ERROR_TRANSLATOR } from '../common/app-error';
import { AppConfig, DatabaseConfig, SqliteConfig } from '../config/app-config';
import { databaseOptions, EntityList } from './database-options';
import { translateStorageFailure } from './storage-failures';
import { WalCheckpointer } from './wal-checkpointer';
import { WriteTransactions } from './write-transactions';

/**
 * The connection writes go through (see WriteTransactions): on SQLite one of its own (the main
 * connection has run the migrations), on PostgreSQL the main pool, where each transaction takes a
 * connection of its own.
 */
const WRITER = Symbol('database:writer');

/** `:memory:` names a new database per connection: there, the one connection must serve both. */
function hasOwnWriter(database: DatabaseConfig): database is SqliteConfig {
  return database.type === 'sqlite' && database.path !== ':memory:';
}

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
          provide: WRITER,
          inject: [AppConfig, DataSource],
          useFactory: async (config: AppConfig, main: DataSource) =>
            hasOwnWriter(config.database) ? new DataSource(databaseOptions(config, options.entities, 'writer')).initialize() : main,
        },
        {
          provide: WriteTransactions,
          inject: [AppConfig, WRITER, DataSource],
          useFactory: (config: AppConfig, writer: DataSource, main: DataSource) => {
            const pooled = config.database.type === 'postgres';
            return new WriteTransactions(writer, { oneAtATime: !pooled, isolatedFromReads: pooled || writer !== main });
          },
        },
      ],
      exports: [ERROR_TRANSLATOR, WriteTransactions],
    };
  }

  private readonly checkpointer: WalCheckpointer | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(WRITER) private readonly writer: DataSource,
    private readonly config: AppConfig,
  ) {
    const logger = new Logger('Database');
    const { database } = config;
    this.checkpointer = hasOwnWriter(database)
      ? new WalCheckpointer(database.path, (failure) => logger.warn(`WAL checkpoint failed: ${failure}`))
      : undefined;
  }

  /**
   * Fail fast: a database that opens but cannot be written (a read-only file or file system, no
   * space, a PostgreSQL standby) would otherwise pass for ready and answer every write with an error.
   */
  async onApplicationBootstrap(): Promise<void> {
    const runner = this.writer.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('CREATE TABLE startup_write_probe (probe INTEGER)');
    } catch (error) {
      const check =
        this.config.database.type === 'postgres'
          ? 'Check that DATABASE_URL names a primary server (not a standby) and a user who may create tables'
          : 'Check DB_PATH/DATA_DIR permissions and free space';
      throw new Error(`The database cannot be written: ${(error as Error).message}. ${check}.`, { cause: error });
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
