import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { ENTITY_TAG } from '../../odata/concurrency/entity-tags';
import { compileJsonRenderPlan } from '../../odata/query/binding/json-render-plan';
import { SQLITE_DIALECT } from '../../odata/query/binding/sql-dialect';
import { ASSIGNMENT_TYPE, ESIM_MODEL } from '../esim.schema';
import { ASSIGNMENT_ROW_RENDERING, toAssignmentResource } from './assignment.resource';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';

describe('ASSIGNMENT_ROW_RENDERING', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE a (id TEXT, targetType TEXT, targetId TEXT, filterId TEXT, filterType INTEGER, version INTEGER)');
  const plan = compileJsonRenderPlan(ESIM_MODEL, ASSIGNMENT_TYPE, undefined, ASSIGNMENT_ROW_RENDERING, (p) => `a."${p}"`, SQLITE_DIALECT);
  const render = db.prepare(`SELECT ${plan.json} AS json, ${plan.etag} AS etag FROM a WHERE id = ?`);
  const insert = db.prepare('INSERT INTO a VALUES (@id, @targetType, @targetId, @filterId, @filterType, @version)');

  const kinds: [string, string][] = [
    ['microsoft.graph.groupAssignmentTarget', randomUUID()],
    ['microsoft.graph.exclusionGroupAssignmentTarget', randomUUID()],
    ['microsoft.graph.configurationManagerCollectionAssignmentTarget', 'SMS00001'],
    ['microsoft.graph.allDevicesAssignmentTarget', ''],
    ['microsoft.graph.allLicensedUsersAssignmentTarget', ''],
  ];
  const filters: [string | null, number][] = [
    [null, 0],
    [randomUUID(), 1],
    [randomUUID(), 2],
  ];

  it.each(
    kinds.flatMap(([targetType, targetId]) =>
      filters.map(([filterId, filterType]) => [targetType, targetId, filterId, filterType] as const),
    ),
  )('renders a %s target (filter %s, type %s) as toAssignmentResource shows it', (targetType, targetId, filterId, filterType) => {
    const row: PoolAssignmentEntity = {
      id: randomUUID(),
      tenantId: 't',
      poolId: 'p',
      targetType,
      targetId,
      filterId,
      filterType,
      version: 4,
    };
    insert.run(row);
    const { json, etag } = render.get(row.id) as { json: string; etag: string };
    const { [ENTITY_TAG]: entityTag, ...properties } = toAssignmentResource(row);
    // Property order matters on the wire as much as values: compare the JSON text.
    expect(json).toBe(JSON.stringify({ '@odata.type': `#${ASSIGNMENT_TYPE}`, '@odata.etag': entityTag, ...properties }));
    expect(etag).toBe(entityTag);
  });
});
