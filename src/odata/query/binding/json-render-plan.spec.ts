import Database from 'better-sqlite3';
import { compileJsonRenderPlan, RowRendering } from './json-render-plan';
import { SQLITE_DIALECT } from './sql-dialect';
import { orderModel } from '../../../../test/support/order-model';

describe('compileJsonRenderPlan', () => {
  const model = orderModel();
  /** Offers a value for every property, the write-only one included: the plan must still leave it out. */
  const everyColumn: RowRendering = { valueOf: (property, row) => row.column(property), versionProperty: 'version' };
  const column = (property: string) => `o."${property}"`;

  const db = new Database(':memory:');
  db.exec(`CREATE TABLE orders (id TEXT, total INTEGER, cardNumber TEXT, note TEXT, version INTEGER);
    INSERT INTO orders VALUES ('a''1', 5, '4111111111111111', NULL, 3);`);
  const render = (select?: readonly string[]) => {
    const plan = compileJsonRenderPlan(model, 'test.order', select, everyColumn, column, SQLITE_DIALECT);
    return {
      plan,
      row: db.prepare(`SELECT ${plan.json} AS json, ${plan.etag} AS etag FROM orders o`).get() as { json: string; etag: string },
    };
  };

  it('renders the minimal-metadata JSON of the readable properties in the model order, and the ETag', () => {
    const { row } = render();
    expect(row.json).toBe('{"@odata.type":"#test.order","@odata.etag":"W/\\"3\\"","id":"a\'1","total":5,"note":null}');
    expect(row.etag).toBe('W/"3"');
  });

  it('never reads a write-only property, whatever the row rendering offers for it', () => {
    const { plan, row } = render();
    expect(plan.json).not.toContain('cardNumber');
    expect(row.json).not.toContain('4111');
  });

  it('keeps a write-only property out even when $select names it', () => {
    expect(render(['id', 'cardNumber']).plan.json).not.toContain('cardNumber');
  });

  it('renders only the selected properties, in the model order', () => {
    expect(JSON.parse(render(['total', 'id']).row.json)).toEqual({
      '@odata.type': '#test.order',
      '@odata.etag': 'W/"3"',
      id: "a'1",
      total: 5,
    });
  });

  it('refuses a row rendering that has no value for a readable property', () => {
    const partial: RowRendering = { valueOf: (property, row) => (property === 'id' ? row.column(property) : undefined) };
    expect(() => compileJsonRenderPlan(model, 'test.order', undefined, partial, column, SQLITE_DIALECT)).toThrow(
      /no value for its property total/,
    );
  });
});
