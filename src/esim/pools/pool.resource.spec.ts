import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { compileJsonRenderPlan } from '../../odata/query/binding/json-render-plan';
import { POSTGRES_DIALECT, SQLITE_DIALECT } from '../../odata/query/binding/sql-dialect';
import { ESIM_MODEL, POOL_TYPE } from '../esim.schema';
import { EntitySerializer } from '../../odata/serialization/entity-serializer';
import { ActivationCodePoolEntity } from './entities/activation-code-pool.entity';
import { POOL_ROW_RENDERING, toPoolResource } from './pool.resource';

describe('POOL_ROW_RENDERING', () => {
  const column = (property: string) => `pool."${property}"`;

  it('renders no activation codes on either database, whatever $select asks for', () => {
    for (const dialect of [SQLITE_DIALECT, POSTGRES_DIALECT]) {
      for (const select of [undefined, ['id', 'activationCodes'], ['activationCodes']]) {
        const plan = compileJsonRenderPlan(ESIM_MODEL, POOL_TYPE, select, POOL_ROW_RENDERING, column, dialect);
        expect(plan.json).not.toMatch(/activationCodes|matchingIdentifier|encrypted/i);
      }
    }
  });

  it('renders the bytes the entity serializer writes for the same pool, and its ETag', () => {
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE pool (id TEXT, tenantId TEXT, displayName TEXT, createdDateTime TEXT, modifiedDateTime TEXT, activationCodeCount INTEGER, version INTEGER)',
    );
    const plan = compileJsonRenderPlan(ESIM_MODEL, POOL_TYPE, undefined, POOL_ROW_RENDERING, column, SQLITE_DIALECT);
    const now = new Date().toISOString();
    // Quotes, a backslash, a control character, non-ASCII and an astral character: what escaping must get right.
    for (const displayName of ['Pool 1', 'Operator "Q" \\ batch\t7', 'Café ☕ 𝄞 pool']) {
      const pool: ActivationCodePoolEntity = {
        id: randomUUID(),
        tenantId: 't',
        displayName,
        createdDateTime: now,
        modifiedDateTime: now,
        activationCodeCount: 12,
        version: 3,
      };
      db.prepare(
        'INSERT INTO pool VALUES (@id, @tenantId, @displayName, @createdDateTime, @modifiedDateTime, @activationCodeCount, @version)',
      ).run(pool);
      const rendered = db.prepare(`SELECT ${plan.json} AS json, ${plan.etag} AS etag FROM pool WHERE id = ?`).get(pool.id) as {
        json: string;
        etag: string;
      };
      expect(rendered.json).toBe(JSON.stringify(new EntitySerializer(ESIM_MODEL).serialize(toPoolResource(pool), POOL_TYPE)));
      expect(rendered.etag).toBe('W/"3"');
    }
  });
});
