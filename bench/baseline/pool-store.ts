import Database from 'better-sqlite3';
import { SecretCipher } from '../../src/secrets/secret-cipher';

/**
 * The service's schema (migrations/, as TypeORM emits it for SQLite; `version` counts changes for ETags), with a `(tenantId, displayName)`
 * index where the service has `(tenantId, displayName, id)`, and of the device states' indexes only
 * the one the benchmark reads through.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS "activation_code_pools" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL,
    "displayName" varchar(256) NOT NULL, "createdDateTime" varchar(32) NOT NULL, "modifiedDateTime" varchar(32) NOT NULL,
    "activationCodeCount" integer NOT NULL, "version" integer NOT NULL DEFAULT 1);
  CREATE INDEX IF NOT EXISTS "IDX_activation_code_pools_tenant" ON "activation_code_pools" ("tenantId", "id");
  CREATE INDEX IF NOT EXISTS "IDX_activation_code_pools_tenant_name" ON "activation_code_pools" ("tenantId", "displayName");
  CREATE TABLE IF NOT EXISTS "activation_codes" ("tenantId" varchar(36) NOT NULL, "integratedCircuitCardIdentifier" varchar(20) NOT NULL,
    "poolId" varchar(36) NOT NULL, "encryptedMatchingIdentifier" text NOT NULL, "encryptionKeyId" varchar(16) NOT NULL,
    "smdpPlusServerAddress" varchar(255) NOT NULL,
    CONSTRAINT "FK_activation_codes_pool" FOREIGN KEY ("poolId") REFERENCES "activation_code_pools" ("id") ON DELETE CASCADE,
    PRIMARY KEY ("tenantId", "integratedCircuitCardIdentifier"));
  CREATE INDEX IF NOT EXISTS "IDX_activation_codes_pool" ON "activation_codes" ("poolId");
  CREATE TABLE IF NOT EXISTS "activation_code_pool_assignments" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL,
    "poolId" varchar(36) NOT NULL, "targetType" varchar(128) NOT NULL, "targetId" varchar(36) NOT NULL, "filterId" varchar(36),
    "filterType" integer NOT NULL, "version" integer NOT NULL DEFAULT 1,
    CONSTRAINT "FK_activation_code_pool_assignments_pool" FOREIGN KEY ("poolId") REFERENCES "activation_code_pools" ("id") ON DELETE CASCADE);
  CREATE INDEX IF NOT EXISTS "IDX_activation_code_pool_assignments_listing" ON "activation_code_pool_assignments" ("tenantId", "poolId", "id");
  CREATE UNIQUE INDEX IF NOT EXISTS "UQ_activation_code_pool_assignments_target"
    ON "activation_code_pool_assignments" ("poolId", "targetType", "targetId");
  CREATE TABLE IF NOT EXISTS "embedded_sim_device_states" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL,
    "poolId" varchar(36) NOT NULL, "createdDateTime" varchar(32) NOT NULL, "modifiedDateTime" varchar(32) NOT NULL,
    "lastSyncDateTime" varchar(32), "universalIntegratedCircuitCardIdentifier" varchar(20), "deviceName" varchar(256),
    "userName" varchar(320), "stateDetails" varchar(2048), "state" integer NOT NULL, "version" integer NOT NULL DEFAULT 1,
    CONSTRAINT "FK_embedded_sim_device_states_pool" FOREIGN KEY ("poolId") REFERENCES "activation_code_pools" ("id") ON DELETE CASCADE);
  CREATE INDEX IF NOT EXISTS "IDX_embedded_sim_device_states_listing" ON "embedded_sim_device_states" ("tenantId", "poolId", "id");
`;

/** Children per pool in an expanded collection: the service's page size (spec §13 `MAX_PAGE_SIZE`). */
const EXPANDED_CHILDREN = 100;

/**
 * Each expandable navigation as a correlated subquery that builds its JSON array inside SQLite, in the
 * wire shape the service answers with: the fastest way to get children onto the wire, with no rows
 * crossing into JavaScript.
 */
const EXPANSION_SQL = {
  assignments: `(SELECT json_group_array(json(child)) FROM (SELECT json_object(
      '@odata.etag', 'W/"' || a."version" || '"', '@odata.type', '#microsoft.graph.embeddedSIMActivationCodePoolAssignment', 'id', a."id",
      'target', json_patch(json_object('@odata.type', '#' || a."targetType",
        'deviceAndAppManagementAssignmentFilterId', a."filterId",
        'deviceAndAppManagementAssignmentFilterType', CASE a."filterType" WHEN 1 THEN 'include' WHEN 2 THEN 'exclude' ELSE 'none' END),
        CASE WHEN a."targetId" = '' THEN '{}'
          WHEN a."targetType" = 'microsoft.graph.configurationManagerCollectionAssignmentTarget' THEN json_object('collectionId', a."targetId")
          ELSE json_object('groupId', a."targetId") END)) AS child
    FROM "activation_code_pool_assignments" a WHERE a."tenantId" = p."tenantId" AND a."poolId" = p."id" ORDER BY a."id" LIMIT ${EXPANDED_CHILDREN}))`,
  deviceStates: `(SELECT json_group_array(json(child)) FROM (SELECT json_object(
      '@odata.etag', 'W/"' || d."version" || '"', '@odata.type', '#microsoft.graph.embeddedSIMDeviceState', 'id', d."id", 'createdDateTime', d."createdDateTime",
      'deviceName', d."deviceName", 'lastSyncDateTime', d."lastSyncDateTime", 'modifiedDateTime', d."modifiedDateTime",
      'state', CASE d."state" WHEN 0 THEN 'notEvaluated' WHEN 1 THEN 'failed' WHEN 2 THEN 'installing' WHEN 3 THEN 'installed'
        WHEN 4 THEN 'deleting' WHEN 5 THEN 'error' WHEN 6 THEN 'deleted' ELSE 'removedByUser' END,
      'stateDetails', d."stateDetails", 'universalIntegratedCircuitCardIdentifier', d."universalIntegratedCircuitCardIdentifier",
      'userName', d."userName") AS child
    FROM "embedded_sim_device_states" d WHERE d."tenantId" = p."tenantId" AND d."poolId" = p."id" ORDER BY d."id" LIMIT ${EXPANDED_CHILDREN}))`,
} as const;

export type Navigation = keyof typeof EXPANSION_SQL;
export const NAVIGATIONS = Object.keys(EXPANSION_SQL) as Navigation[];

/** Rows per multi-row INSERT, as the service batches them (6 parameters a row, far under SQLite's limit). */
const INSERT_BATCH_ROWS = 1000;
const POOL_COLUMNS = '"id", "tenantId", "displayName", "createdDateTime", "modifiedDateTime", "activationCodeCount"';
/** What a read returns: the written columns and the version the ETag is made of. */
const POOL_READ_COLUMNS = `${POOL_COLUMNS}, "version"`;
const CODE_COLUMNS =
  '"tenantId", "integratedCircuitCardIdentifier", "poolId", "encryptedMatchingIdentifier", "encryptionKeyId", "smdpPlusServerAddress"';

export interface PoolRow {
  id: string;
  tenantId: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  activationCodeCount: number;
  /** Starts at 1 (the column's default); every change adds 1. */
  version: number;
}

/** A pool of a page, with the JSON array of each navigation the page expands. */
export type PageRow = PoolRow & Partial<Record<Navigation, string>>;

export interface CodeInput {
  integratedCircuitCardIdentifier: string;
  matchingIdentifier: string;
  smdpPlusServerAddress: string;
}

/** A page request already parsed and checked: the SQL below binds every value as a parameter. */
export interface PageQuery {
  namePrefix?: string;
  /** Navigation properties whose children come with each pool, as JSON text under their name. */
  expand: readonly Navigation[];
  orderByName: boolean;
  limit: number;
  /** Keyset cursor: the sort value and id of the last row of the previous page. */
  after?: { sortValue: string; id: string };
}

export class DuplicateIccidError extends Error {}

export class PoolStore {
  private readonly db: Database.Database;
  private readonly insertPool: Database.Statement;
  private readonly selectById: Database.Statement;
  private readonly insertCodesByRows = new Map<number, Database.Statement>();
  private readonly statementsBySql = new Map<string, Database.Statement>();
  private readonly writePool: (pool: PoolRow, codes: readonly CodeInput[]) => void;
  private readonly appendCodes: (tenantId: string, poolId: string, codes: readonly CodeInput[], now: string) => number | undefined;

  constructor(
    path: string,
    private readonly cipher: SecretCipher,
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.insertPool = this.db.prepare(`INSERT INTO "activation_code_pools" (${POOL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
    this.selectById = this.db.prepare(`SELECT ${POOL_READ_COLUMNS} FROM "activation_code_pools" WHERE "tenantId" = ? AND "id" = ?`);
    this.writePool = this.db.transaction((pool: PoolRow, codes: readonly CodeInput[]) => {
      this.insertPool.run(pool.id, pool.tenantId, pool.displayName, pool.createdDateTime, pool.modifiedDateTime, pool.activationCodeCount);
      this.insertCodes(pool.tenantId, pool.id, codes);
    });
    const addToCount = this.db.prepare(
      'UPDATE "activation_code_pools" SET "activationCodeCount" = "activationCodeCount" + ?, "modifiedDateTime" = ?, "version" = "version" + 1 WHERE "tenantId" = ? AND "id" = ?',
    );
    this.appendCodes = this.db.transaction((tenantId: string, poolId: string, codes: readonly CodeInput[], now: string) => {
      if (addToCount.run(codes.length, now, tenantId, poolId).changes === 0) return undefined;
      this.insertCodes(tenantId, poolId, codes);
      return this.findById(tenantId, poolId)?.activationCodeCount;
    });
  }

  /** The pool and all its codes in one transaction; nothing remains if any code fails. */
  insert(pool: PoolRow, codes: readonly CodeInput[]): void {
    translateDuplicates(() => this.writePool(pool, codes));
  }

  /** Adds codes to a pool in one transaction; its new code count, or undefined when there is no such pool. */
  append(tenantId: string, poolId: string, codes: readonly CodeInput[]): number | undefined {
    return translateDuplicates(() => this.appendCodes(tenantId, poolId, codes, new Date().toISOString()));
  }

  findById(tenantId: string, id: string): PoolRow | undefined {
    return this.selectById.get(tenantId, id) as PoolRow | undefined;
  }

  /** Up to `limit` + 1 rows, so the caller knows whether another page follows. */
  page(tenantId: string, query: PageQuery): PageRow[] {
    const parameters: unknown[] = [tenantId];
    const conditions = ['"tenantId" = ?'];
    if (query.namePrefix) {
      conditions.push('"displayName" >= ?');
      parameters.push(query.namePrefix);
      conditions.push('"displayName" < ?');
      parameters.push(prefixUpperBound(query.namePrefix));
    }
    if (query.after) {
      conditions.push(query.orderByName ? '("displayName", "id") > (?, ?)' : '"id" > ?');
      parameters.push(...(query.orderByName ? [query.after.sortValue, query.after.id] : [query.after.id]));
    }
    parameters.push(query.limit + 1);
    const order = query.orderByName ? '"displayName", "id"' : '"id"';
    const columns = [POOL_READ_COLUMNS, ...query.expand.map((navigation) => `${EXPANSION_SQL[navigation]} AS "${navigation}"`)].join(', ');
    const sql = `SELECT ${columns} FROM "activation_code_pools" p WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ?`;
    return this.statement(sql).all(parameters) as PageRow[];
  }

  count(tenantId: string, namePrefix?: string): number {
    const sql = namePrefix
      ? 'SELECT COUNT(*) AS n FROM "activation_code_pools" WHERE "tenantId" = ? AND "displayName" >= ? AND "displayName" < ?'
      : 'SELECT COUNT(*) AS n FROM "activation_code_pools" WHERE "tenantId" = ?';
    const parameters = namePrefix ? [tenantId, namePrefix, prefixUpperBound(namePrefix)] : [tenantId];
    return (this.statement(sql).get(parameters) as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statementsBySql.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statementsBySql.set(sql, statement);
    }
    return statement;
  }

  /** 1,000-row INSERTs, each matching identifier sealed for its tenant and ICCID. */
  private insertCodes(tenantId: string, poolId: string, codes: readonly CodeInput[]): void {
    for (let start = 0; start < codes.length; start += INSERT_BATCH_ROWS) {
      const batch = codes.slice(start, start + INSERT_BATCH_ROWS);
      const parameters: string[] = [];
      for (const { integratedCircuitCardIdentifier: iccid, matchingIdentifier, smdpPlusServerAddress } of batch) {
        const sealed = this.cipher.seal(matchingIdentifier, `${tenantId}/${iccid}`);
        parameters.push(tenantId, iccid, poolId, sealed.ciphertext, sealed.keyId, smdpPlusServerAddress);
      }
      this.insertCodesStatement(batch.length).run(parameters);
    }
  }

  private insertCodesStatement(rows: number): Database.Statement {
    let statement = this.insertCodesByRows.get(rows);
    if (statement === undefined) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.db.prepare(`INSERT INTO "activation_codes" (${CODE_COLUMNS}) VALUES ${values}`);
      this.insertCodesByRows.set(rows, statement);
    }
    return statement;
  }
}

function translateDuplicates<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateIccidError();
    throw error;
  }
}

/**
 * The least string greater than every string starting with `prefix` (its last code point plus one):
 * SQLite compares text bytewise in UTF-8, which follows code point order, so startswith becomes an
 * index range and stays case-sensitive (LIKE would not be).
 */
function prefixUpperBound(prefix: string): string {
  const codePoints = Array.from(prefix);
  const last = codePoints.pop() ?? '';
  return codePoints.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
}
