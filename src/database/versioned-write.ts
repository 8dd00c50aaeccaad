import { EntityManager, EntityTarget, FindOptionsSelect, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/** The version of a new row: a `@VersionColumn` counts from 1, and every UPDATE through TypeORM adds 1. */
export const FIRST_VERSION = 1;

/** Which versions of a row a write may change (what a request's `If-Match` names, say). */
export type VersionCheck = (version: number) => boolean;

/** The row is at a version the write may not change, or changed while the write ran; its transaction is rolled back. */
export class VersionConflictError extends Error {}

/**
 * A write to one row conditional on the row's version (optimistic concurrency), begun inside its
 * transaction: the row's version is read and checked, and `key` is narrowed to it, so that the
 * UPDATE or DELETE by `key` that follows changes the row only if no one changed it in between (a
 * compare-and-set; on PostgreSQL the read also locks the row until the transaction ends). Without a check, `key` is the
 * row's key as given and nothing is read.
 */
export class VersionedWrite<E extends ObjectLiteral> {
  private constructor(
    private readonly manager: EntityManager,
    private readonly entity: EntityTarget<E>,
    private readonly rowKey: FindOptionsWhere<E>,
    /** The key to write by: the row's, and with a check the version it was read at. */
    readonly key: FindOptionsWhere<E>,
  ) {}

  /** Undefined when there is no such row (known only with a check); VersionConflictError when `check` refuses its version. */
  static async begin<E extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    key: FindOptionsWhere<E>,
    check: VersionCheck | undefined,
  ): Promise<VersionedWrite<E> | undefined> {
    if (check === undefined) return new VersionedWrite(manager, entity, key, key);
    const metadata = manager.connection.getMetadata(entity);
    const version = metadata.versionColumn?.propertyName;
    if (version === undefined) throw new Error(`${metadata.name} has no version column`);
    // A write bound to the row without changing it (the pool an `assign` replaces children of) must not
    // let another transaction change the row between this check and its commit: on PostgreSQL the read
    // locks it. SQLite runs one write transaction at a time (WriteTransactions), and has no row locks.
    const lock = manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {};
    const row = await manager.findOne(entity, { select: { [version]: true } as FindOptionsSelect<E>, where: key, ...lock });
    if (row === null) return undefined;
    if (!check(row[version] as number)) throw new VersionConflictError();
    return new VersionedWrite(manager, entity, key, { ...key, [version]: row[version] as unknown });
  }

  /**
   * Whether the row was written, given whether the UPDATE or DELETE by `key` affected it: if not, the
   * row is gone (false), or, when `key` holds a version and the row is still there, another write
   * changed it first (VersionConflictError).
   */
  async wrote(affectedRow: boolean): Promise<boolean> {
    if (affectedRow) return true;
    if (this.key !== this.rowKey && (await this.manager.existsBy(this.entity, this.rowKey))) throw new VersionConflictError();
    return false;
  }
}
