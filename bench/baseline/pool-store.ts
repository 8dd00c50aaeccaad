import Database from 'better-sqlite3';
import { SecretCipher } from '../../src/secrets/secret-cipher';

/**
 * The service's schema (migrations/1764345600000-create-activation-code-pools.ts, as TypeORM emits it
 * for SQLite), plus one index the service does not have yet: (tenantId, displayName), which serves the
 * filter-and-order-by-displayName scenario with an index range instead of a scan and a sort.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS "activation_code_pools" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL,
    "displayName" varchar(256) NOT NULL, "createdDateTime" varchar(32) NOT NULL, "modifiedDateTime" varchar(32) NOT NULL,
    "activationCodeCount" integer NOT NULL);
  CREATE INDEX IF NOT EXISTS "IDX_activation_code_pools_tenant" ON "activation_code_pools" ("tenantId", "id");
  CREATE INDEX IF NOT EXISTS "IDX_activation_code_pools_tenant_name" ON "activation_code_pools" ("tenantId", "displayName");
  CREATE TABLE IF NOT EXISTS "activation_codes" ("tenantId" varchar(36) NOT NULL, "integratedCircuitCardIdentifier" varchar(20) NOT NULL,
    "poolId" varchar(36) NOT NULL, "encryptedMatchingIdentifier" text NOT NULL, "encryptionKeyId" varchar(16) NOT NULL,
    "smdpPlusServerAddress" varchar(255) NOT NULL,
    CONSTRAINT "FK_activation_codes_pool" FOREIGN KEY ("poolId") REFERENCES "activation_code_pools" ("id") ON DELETE CASCADE,
    PRIMARY KEY ("tenantId", "integratedCircuitCardIdentifier"));
  CREATE INDEX IF NOT EXISTS "IDX_activation_codes_pool" ON "activation_codes" ("poolId");
`;

/** Rows per multi-row INSERT, as the service batches them (6 parameters a row, far under SQLite's limit). */
const INSERT_BATCH_ROWS = 1000;
const POOL_COLUMNS = '"id", "tenantId", "displayName", "createdDateTime", "modifiedDateTime", "activationCodeCount"';
const CODE_COLUMNS =
  '"tenantId", "integratedCircuitCardIdentifier", "poolId", "encryptedMatchingIdentifier", "encryptionKeyId", "smdpPlusServerAddress"';

export interface PoolRow {
  id: string;
  tenantId: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  activationCodeCount: number;
}

export interface CodeInput {
  integratedCircuitCardIdentifier: string;
  matchingIdentifier: string;
  smdpPlusServerAddress: string;
}

/** A page request already parsed and checked: the SQL below binds every value as a parameter. */
export interface PageQuery {
  namePrefix?: string;
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
    this.selectById = this.db.prepare(`SELECT ${POOL_COLUMNS} FROM "activation_code_pools" WHERE "tenantId" = ? AND "id" = ?`);
    this.writePool = this.db.transaction((pool: PoolRow, codes: readonly CodeInput[]) => {
      this.insertPool.run(pool.id, pool.tenantId, pool.displayName, pool.createdDateTime, pool.modifiedDateTime, pool.activationCodeCount);
      for (let start = 0; start < codes.length; start += INSERT_BATCH_ROWS) {
        const batch = codes.slice(start, start + INSERT_BATCH_ROWS);
        const parameters: string[] = [];
        for (const { integratedCircuitCardIdentifier: iccid, matchingIdentifier, smdpPlusServerAddress } of batch) {
          const sealed = this.cipher.seal(matchingIdentifier, `${pool.tenantId}/${iccid}`);
          parameters.push(pool.tenantId, iccid, pool.id, sealed.ciphertext, sealed.keyId, smdpPlusServerAddress);
        }
        this.insertCodesStatement(batch.length).run(parameters);
      }
    });
  }

  /** The pool and all its codes in one transaction; nothing remains if any code fails. */
  insert(pool: PoolRow, codes: readonly CodeInput[]): void {
    try {
      this.writePool(pool, codes);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateIccidError();
      throw error;
    }
  }

  findById(tenantId: string, id: string): PoolRow | undefined {
    return this.selectById.get(tenantId, id) as PoolRow | undefined;
  }

  /** Up to `limit` + 1 rows, so the caller knows whether another page follows. */
  page(tenantId: string, query: PageQuery): PoolRow[] {
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
    const sql = `SELECT ${POOL_COLUMNS} FROM "activation_code_pools" WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ?`;
    return this.statement(sql).all(parameters) as PoolRow[];
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
