import { compileJsonRenderPlan } from '../../odata/query/binding/json-render-plan';
import { POSTGRES_DIALECT, SQLITE_DIALECT } from '../../odata/query/binding/sql-dialect';
import { ESIM_MODEL, POOL_TYPE } from '../esim.schema';
import { POOL_ROW_RENDERING } from './pool.resource';

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

  it('renders every readable property of a pool and its ETag', () => {
    const plan = compileJsonRenderPlan(ESIM_MODEL, POOL_TYPE, undefined, POOL_ROW_RENDERING, column, SQLITE_DIALECT);
    for (const property of ['id', 'displayName', 'createdDateTime', 'modifiedDateTime', 'activationCodeCount']) {
      expect(plan.json).toContain(`'${property}', pool."${property}"`);
    }
    expect(plan.etag).toContain('pool."version"');
  });
});
