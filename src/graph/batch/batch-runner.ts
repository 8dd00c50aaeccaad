import type { BatchStep } from './batch-plan';

/** One response of a batch (OData JSON Format §19.2), under the id of its request. */
export interface BatchResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Sends one step; `dependencies` are the responses of the steps it depends on, all of them successful. */
type BatchDispatch = (step: BatchStep, dependencies: ReadonlyMap<string, BatchResponse>) => Promise<BatchResponse>;

/** The answer for a request that did not run because a request it depends on failed. */
type FailedDependencyAnswer = (step: BatchStep, failed: BatchResponse) => BatchResponse;

/**
 * Runs every step as soon as the steps it depends on have succeeded (a 2xx): independent steps run
 * together, in no set order; a step whose dependency failed is not sent at all and is answered by
 * `failedDependency` (Graph's 424), which fails its own dependants in turn. Responses come back in the
 * order of the requests. Since `dependsOn` may only name earlier requests, the steps cannot wait on one another in a cycle.
 */
export async function runBatch(
  steps: readonly BatchStep[],
  dispatch: BatchDispatch,
  failedDependency: FailedDependencyAnswer,
): Promise<BatchResponse[]> {
  const outcomes = new Map<string, Promise<BatchResponse>>();
  for (const step of steps) {
    const dependencies = step.dependsOn.map((id) => outcomes.get(id) as Promise<BatchResponse>);
    const outcome = Promise.all(dependencies).then((settled) => {
      const failed = settled.find(({ status }) => status < 200 || status > 299);
      if (failed !== undefined) return failedDependency(step, failed);
      return dispatch(step, new Map(settled.map((response) => [response.id, response])));
    });
    outcomes.set(step.id, outcome);
  }
  return Promise.all(steps.map(({ id }) => outcomes.get(id) as Promise<BatchResponse>));
}
