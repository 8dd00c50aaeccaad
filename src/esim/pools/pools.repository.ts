import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation';
import { VersionCheck, VersionedWrite } from '../../database/versioned-write';
import { WriteTransactions } from '../../database/write-transactions';
import { ODataQueryExecutor } from '../../odata/query/odata-query-executor';
import { ODataPage, ODataQueryRequest } from '../../odata/query/odata-query-request';
import { RenderedEntity, RenderedRun } from '../../odata/serialization/rendered-entity';
import { POOL_TYPE } from '../esim.schema';
import { ActivationCodeEntity } from './entities/activation-code.entity';
import { ActivationCodePoolEntity } from './entities/activation-code-pool.entity';
import { POOL_ROW_RENDERING } from './pool.resource';
import { INSERT_BATCH_ROWS, PreparedCodes, unpackBatch } from './preparation/prepared-codes';

export type PoolChanges = Partial<Pick<ActivationCodePoolEntity, 'displayName'>> & Pick<ActivationCodePoolEntity, 'modifiedDateTime'>;

/** An ICCID of the write is already stored in the tenant; the write was rolled back. */
export class DuplicateIccidError extends Error {}

/** Keys per `IN (…)` look-up or delete, under SQLite's and PostgreSQL's bound-parameter limits. */
const KEY_BATCH_SIZE = 900;

/** The pools table's alias in every read. */
const POOL_ALIAS = 'pool';

/** Column order of the parameters `insertCodes` binds. */
const CODE_COLUMNS = [
  'tenantId',
  'integratedCircuitCardIdentifier',
  'poolId',
  'encryptedMatchingIdentifier',
  'encryptionKeyId',
  'smdpPlusServerAddress',
] as const;

/**
 * Persistence of pools and their codes. The tenant is the first argument of every method and part
 * of every WHERE, update and delete included. Every write is one transaction of `WriteTransactions`,
 * which pauses between batches so that 100,000 codes never hold the event loop at once.
 */
@Injectable()
export class PoolsRepository {
  /** INSERT statements by row count (at most INSERT_BATCH_ROWS of them), built once each. */
  private readonly insertSqlByRows = new Map<number, string>();
  private readonly findByIdSql: string;
  /** The INSERT of one pool row, its parameters in the order of the entity's columns. */
  private readonly insertPoolSql: string;
  private readonly poolColumns: readonly (keyof ActivationCodePoolEntity)[];
  private readonly countAllSql: string;
  /** `FROM … WHERE` of a read by key: the tenant's pool with the id, the parameters in that order. */
  private readonly byIdSource: string;
  /** Rendering reads by key, by `$select` (sorted: at most one per subset of the properties), built once each. */
  private readonly renderByIdSql = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly writes: WriteTransactions,
    private readonly odata: ODataQueryExecutor,
  ) {
    const { driver } = dataSource;
    const metadata = dataSource.getMetadata(ActivationCodePoolEntity);
    const column = (property: string) => {
      const found = metadata.findColumnWithPropertyName(property);
      if (found === undefined) throw new Error(`${metadata.name} has no column for ${property}`);
      return driver.escape(found.databaseName);
    };
    const columns = metadata.columns.map((c) => `${driver.escape(c.databaseName)} AS ${driver.escape(c.propertyName)}`).join(', ');
    this.byIdSource =
      `FROM ${driver.escape(metadata.tableName)} ${driver.escape(POOL_ALIAS)} ` +
      `WHERE ${column('tenantId')} = ${driver.createParameter('tenantId', 0)} AND ${column('id')} = ${driver.createParameter('id', 1)}`;
    this.findByIdSql = `SELECT ${columns} ${this.byIdSource}`;
    this.countAllSql = `SELECT COUNT(*) AS count FROM ${driver.escape(metadata.tableName)} WHERE ${column('tenantId')} = ${driver.createParameter('tenantId', 0)}`;
    this.poolColumns = metadata.columns.map((c) => c.propertyName as keyof ActivationCodePoolEntity);
    this.insertPoolSql =
      `INSERT INTO ${driver.escape(metadata.tableName)} (${metadata.columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
      `VALUES (${metadata.columns.map((c, index) => driver.createParameter(c.propertyName, index)).join(', ')})`;
  }

  /**
   * The hottest read: one prepared statement built once, instead of TypeORM's per-call query
   * building, which took about a fifth of a get-by-id request's CPU time in the benchmark profile.
   */
  async findById(tenantId: string, id: string): Promise<ActivationCodePoolEntity | null> {
    const [pool] = await this.dataSource.query<(ActivationCodePoolEntity | undefined)[]>(this.findByIdSql, [tenantId, id]);
    return pool ?? null;
  }

  /** The pool as the database renders it (`select` applied), or null when the tenant has no such pool. */
  async findRendered(tenantId: string, id: string, select: readonly string[] | undefined): Promise<RenderedEntity | null> {
    const [pool] = await this.dataSource.query<{ json: string; etag: string }[]>(this.renderByIdStatement(select), [tenantId, id]);
    return pool === undefined ? null : new RenderedEntity(pool.json, id, pool.etag);
  }

  private renderByIdStatement(select: readonly string[] | undefined): string {
    const key = select === undefined ? '' : [...select].sort().join(',');
    let sql = this.renderByIdSql.get(key);
    if (sql === undefined) {
      const table = this.dataSource.getMetadata(ActivationCodePoolEntity);
      const plan = this.odata.renderPlan(this.dataSource, table, POOL_ALIAS, POOL_TYPE, select, POOL_ROW_RENDERING);
      sql = `SELECT ${plan.json} AS json, ${plan.etag} AS etag ${this.byIdSource}`;
      this.renderByIdSql.set(key, sql);
    }
    return sql;
  }

  /** The tenant's pools whose displayName is exactly `displayName` (names need not be unique), oldest first. */
  findByDisplayName(tenantId: string, displayName: string): Promise<ActivationCodePoolEntity[]> {
    return this.dataSource.manager.find(ActivationCodePoolEntity, {
      where: { tenantId, displayName },
      order: { createdDateTime: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Whether the tenant has this pool: what every contained resource checks before it is touched. With
   * `check`, a VersionConflictError when the pool is at a version it refuses (a write bound to the pool).
   */
  async exists(tenantId: string, id: string, manager: EntityManager = this.dataSource.manager, check?: VersionCheck): Promise<boolean> {
    if (check === undefined) return manager.existsBy(ActivationCodePoolEntity, { tenantId, id });
    return (await VersionedWrite.begin(manager, ActivationCodePoolEntity, { tenantId, id }, check)) !== undefined;
  }

  /** One page of the tenant's pools as the database renders them; the OData query is applied inside the tenant scope. */
  list(tenantId: string, request: ODataQueryRequest): Promise<ODataPage<RenderedEntity | RenderedRun>> {
    return this.odata.page(this.tenantPools(tenantId), request, tenantId, POOL_ROW_RENDERING);
  }

  /** How many of the tenant's pools match `$filter` and `$search`; all of them, through a statement built once, when neither is given. */
  async count(tenantId: string, request: ODataQueryRequest): Promise<number> {
    if (request.query.filter !== undefined || request.query.search !== undefined)
      return this.odata.count(this.tenantPools(tenantId), request);
    const [{ count }] = await this.dataSource.query<{ count: number | string }[]>(this.countAllSql, [tenantId]);
    return Number(count);
  }

  private tenantPools(tenantId: string) {
    return this.dataSource.manager
      .createQueryBuilder(ActivationCodePoolEntity, POOL_ALIAS)
      .where(`${POOL_ALIAS}.tenantId = :tenantId`, { tenantId });
  }

  async insert(pool: ActivationCodePoolEntity, codes: PreparedCodes): Promise<void> {
    await this.writes.run(async (manager) => {
      // Built once: TypeORM's insert builder spent more time assembling this statement than SQLite running it.
      await manager.query(
        this.insertPoolSql,
        this.poolColumns.map((column) => pool[column]),
      );
      await this.insertCodes(manager, pool.tenantId, pool.id, codes);
    });
  }

  /**
   * Applies `changes` and, when `codes` is given, replaces the pool's whole code set, if `check`
   * accepts the pool's version (else a VersionConflictError, and nothing changes). Returns the updated
   * pool, or null when the tenant has no such pool.
   */
  update(
    tenantId: string,
    id: string,
    changes: PoolChanges,
    codes?: PreparedCodes,
    check?: VersionCheck,
  ): Promise<ActivationCodePoolEntity | null> {
    return this.writes.run(async (manager) => {
      const write = await VersionedWrite.begin(manager, ActivationCodePoolEntity, { tenantId, id }, check);
      if (write === undefined) return null;
      const counted = codes === undefined ? {} : { activationCodeCount: codes.count };
      const result = await manager.update(ActivationCodePoolEntity, write.key, { ...changes, ...counted });
      if (!(await write.wrote(Boolean(result.affected)))) return null;
      if (codes !== undefined) {
        await this.deleteCodes(manager, tenantId, id);
        await this.insertCodes(manager, tenantId, id, codes);
      }
      return manager.findOneByOrFail(ActivationCodePoolEntity, { tenantId, id });
    });
  }

  /**
   * Adds codes to the pool's as their batches arrive (while later ones are still being sealed), then
   * its count, and sets `modifiedDateTime`, all in one transaction: if the batches end in a refusal,
   * nothing remains. The pool row is written first, so that it is locked (on databases with row
   * locks) before any code refers to it, and only if `check` accepts its version (else a
   * VersionConflictError). Returns the updated pool, or null when the tenant has no such pool.
   */
  append(
    tenantId: string,
    id: string,
    batches: AsyncIterable<{ rows: Uint8Array; keyId: string }>,
    modifiedDateTime: string,
    check?: VersionCheck,
  ): Promise<ActivationCodePoolEntity | null> {
    return this.writes.run(async (manager) => {
      const write = await VersionedWrite.begin(manager, ActivationCodePoolEntity, { tenantId, id }, check);
      if (write === undefined) return null;
      const touched = await manager.update(ActivationCodePoolEntity, write.key, { modifiedDateTime });
      if (!(await write.wrote(Boolean(touched.affected)))) return null;
      let added = 0;
      for await (const { rows, keyId } of batches) added += await this.insertCodes(manager, tenantId, id, { keyId, batches: [rows] });
      await manager
        .createQueryBuilder()
        .update(ActivationCodePoolEntity)
        .set({ activationCodeCount: () => `${manager.connection.driver.escape('activationCodeCount')} + :added` })
        .where({ tenantId, id })
        .setParameter('added', added)
        .execute();
      return manager.findOneByOrFail(ActivationCodePoolEntity, { tenantId, id });
    });
  }

  /**
   * Deletes the pool and its codes (in batches first, so that a large pool is no single long
   * statement), if `check` accepts the pool's version (else a VersionConflictError, and nothing is deleted).
   */
  delete(tenantId: string, id: string, check?: VersionCheck): Promise<boolean> {
    return this.writes.run(async (manager) => {
      const write = await VersionedWrite.begin(manager, ActivationCodePoolEntity, { tenantId, id }, check);
      if (write === undefined) return false;
      await this.deleteCodes(manager, tenantId, id);
      const result = await manager.delete(ActivationCodePoolEntity, write.key);
      return write.wrote(Boolean(result.affected));
    });
  }

  /** The first of `iccids` stored in the tenant outside `exceptPoolId`, to name it in a 409. */
  async findStoredIccid(tenantId: string, iccids: readonly string[], exceptPoolId?: string): Promise<string | undefined> {
    for (let start = 0; start < iccids.length; start += KEY_BATCH_SIZE) {
      const found = await this.dataSource.manager.findOne(ActivationCodeEntity, {
        select: { integratedCircuitCardIdentifier: true },
        where: {
          tenantId,
          integratedCircuitCardIdentifier: In(iccids.slice(start, start + KEY_BATCH_SIZE)),
          ...(exceptPoolId === undefined ? {} : { poolId: Not(exceptPoolId) }),
        },
      });
      if (found) return found.integratedCircuitCardIdentifier;
    }
    return undefined;
  }

  private async deleteCodes(manager: EntityManager, tenantId: string, poolId: string): Promise<void> {
    for (;;) {
      const batch = await manager.find(ActivationCodeEntity, {
        select: { integratedCircuitCardIdentifier: true },
        where: { tenantId, poolId },
        take: KEY_BATCH_SIZE,
      });
      if (batch.length === 0) return;
      const iccids = batch.map((code) => code.integratedCircuitCardIdentifier);
      await manager.delete(ActivationCodeEntity, { tenantId, integratedCircuitCardIdentifier: In(iccids) });
      await this.writes.pause();
    }
  }

  /**
   * Multi-row INSERTs with bound parameters, one per prepared batch, pausing between two. Hand-built
   * rather than through TypeORM's insert builder, which spent 18 µs a row assembling the same
   * statement (1.8 s for 100,000 codes).
   */
  private async insertCodes(
    manager: EntityManager,
    tenantId: string,
    poolId: string,
    codes: Pick<PreparedCodes, 'keyId' | 'batches'>,
  ): Promise<number> {
    let inserted = 0;
    try {
      for (const batch of codes.batches) {
        const rows = unpackBatch(batch);
        const parameters: string[] = [];
        for (const [iccid, ciphertext, smdpPlusServerAddress] of rows) {
          parameters.push(tenantId, iccid, poolId, ciphertext, codes.keyId, smdpPlusServerAddress);
        }
        await manager.query(this.insertCodesSql(manager, rows.length), parameters);
        inserted += rows.length;
        await this.writes.pause();
      }
    } catch (error) {
      throw isUniqueViolation(error) ? new DuplicateIccidError() : error;
    }
    return inserted;
  }

  private insertCodesSql(manager: EntityManager, rows: number): string {
    let sql = this.insertSqlByRows.get(rows);
    if (sql === undefined) {
      const { driver } = manager.connection;
      const table = driver.escape(manager.connection.getMetadata(ActivationCodeEntity).tableName);
      const columns = CODE_COLUMNS.map((column) => driver.escape(column)).join(', ');
      const values = Array.from({ length: rows }, (_, row) => {
        const placeholders = CODE_COLUMNS.map((_, column) =>
          driver.createParameter(`p${row * CODE_COLUMNS.length + column}`, row * CODE_COLUMNS.length + column),
        );
        return `(${placeholders.join(', ')})`;
      });
      sql = `INSERT INTO ${table} (${columns}) VALUES ${values.join(', ')}`;
      if (rows <= INSERT_BATCH_ROWS) this.insertSqlByRows.set(rows, sql);
    }
    return sql;
  }
}
