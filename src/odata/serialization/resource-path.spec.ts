import { entityPathOf, odataPathOf } from './resource-path';

describe('odataPathOf', () => {
  const template = 'deviceManagement/pools/:poolId/assignments/:assignmentId';

  it('puts each key in parentheses after its collection', () => {
    expect(odataPathOf(template, { poolId: 'p-1', assignmentId: 'a-2' })).toBe("deviceManagement/pools('p-1')/assignments('a-2')");
    expect(odataPathOf('deviceManagement/pools', {})).toBe('deviceManagement/pools');
  });

  it('writes keys as OData string literals a URL can carry', () => {
    expect(odataPathOf('pools/:id', { id: "it's a/b" })).toBe("pools('it''s%20a%2Fb')");
  });

  it('fails loudly when a key has no value', () => {
    expect(() => odataPathOf(template, { poolId: 'p' })).toThrow(/no value for the key :assignmentId/);
  });
});

describe('entityPathOf', () => {
  it('addresses an entity of a contained collection', () => {
    expect(entityPathOf("pools('p')/assignments", 'a')).toBe("pools('p')/assignments('a')");
  });
});
