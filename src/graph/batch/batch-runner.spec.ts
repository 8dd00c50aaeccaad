import type { BatchStep } from './batch-plan';
import { BatchResponse, runBatch } from './batch-runner';

function step(id: string, dependsOn: string[] = []): BatchStep {
  return { id, method: 'GET', target: `/beta/${id}`, headers: {}, dependsOn };
}

describe('runBatch', () => {
  it('starts independent steps together and each dependant only after its dependencies answered', async () => {
    const events: string[] = [];
    const release = new Map<string, () => void>();
    const dispatch = (current: BatchStep, dependencies: ReadonlyMap<string, BatchResponse>) => {
      events.push(`start ${current.id} after [${[...dependencies.keys()].join(',')}]`);
      return new Promise<BatchResponse>((resolve) =>
        release.set(current.id, () => {
          events.push(`end ${current.id}`);
          resolve({ id: current.id, status: 200, headers: {} });
        }),
      );
    };
    const running = runBatch([step('a'), step('b'), step('c', ['a', 'b'])], dispatch, () => {
      throw new Error('no dependency fails here');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start a after []', 'start b after []']);
    release.get('b')?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start a after []', 'start b after []', 'end b']);
    release.get('a')?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.slice(3)).toEqual(['end a', 'start c after [a,b]']);
    release.get('c')?.();
    expect((await running).map(({ id }) => id)).toEqual(['a', 'b', 'c']);
  });

  it('answers a step whose dependency failed without sending it, and fails its dependants in turn', async () => {
    const sent: string[] = [];
    const statuses = { a: 404, b: 200 } as Record<string, number>;
    const responses = await runBatch(
      [step('a'), step('b'), step('c', ['b', 'a']), step('d', ['c']), step('e', ['b'])],
      (current) => {
        sent.push(current.id);
        return Promise.resolve({ id: current.id, status: statuses[current.id] ?? 201, headers: {} });
      },
      (current, failed) => ({ id: current.id, status: 424, headers: {}, body: `${current.id} needs ${failed.id}` }),
    );
    expect(sent.sort()).toEqual(['a', 'b', 'e']);
    expect(responses.map(({ id, status, body }) => [id, status, body])).toEqual([
      ['a', 404, undefined],
      ['b', 200, undefined],
      ['c', 424, 'c needs a'],
      ['d', 424, 'd needs c'],
      ['e', 201, undefined],
    ]);
  });
});
