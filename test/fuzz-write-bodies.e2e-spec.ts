import fc from 'fast-check';
import { assignmentBody, targets } from './support/assignment-fixtures';
import { deviceStateBody } from './support/device-state-fixtures';
import { poolBody } from './support/fixtures';
import {
  batchAnswersOf,
  createEntity,
  expectGraphAnswer,
  expectStillServing,
  FuzzAnswer,
  FuzzRequest,
  FUZZ_TEST_TIMEOUT_MS,
  fuzzParameters,
  injector,
  Send,
  succeeded,
  WatchedDatabase,
} from './support/fuzz-harness';
import { payloadOf } from './support/hostile-values';
import { POOLS, useTestApp } from './support/test-app';
import {
  assignActionBodies,
  assignmentBodies,
  batchBodyText,
  csvBodies,
  deviceStateBodies,
  jsonBodyText,
  matchingIdentifiersIn,
  poolCreateBodies,
  poolPatchBodies,
} from './support/write-bodies';

/**
 * Fuzz (issue 11, item 7): random bodies for every write route of spec §1, valid, mutated and
 * malformed (deep nesting, extreme numbers, odd Unicode, wrong types, repeated and prototype keys,
 * valid and invalid codes mixed), and operator CSV files for the import. For every case: the answer
 * keeps the Graph contract (see `expectGraphAnswer`), a refused request leaves the database as it
 * was, no answer but a create's echo holds a submitted matching identifier (spec §4), and a created
 * pool reads back as written; afterwards the service still serves.
 *
 * Replay a failure with the seed fast-check prints: `FC_SEED=<seed> npx jest test/fuzz-write-bodies`
 * (add `FC_PATH=<path>` to go straight to the counterexample).
 */
/** The id of no entity. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('fuzzed write bodies', () => {
  const t = useTestApp();
  let send: Send;
  let database: WatchedDatabase;
  /** A pool with codes, an assignment and a device state, whose children the PATCH routes address. */
  let poolId: string;
  let assignmentId: string;
  let deviceStateId: string;
  /** A pool the `assign` action replaces the assignments of, and one the CSV import appends to. */
  let assignedPoolId: string;
  let importPoolId: string;

  beforeAll(async () => {
    send = await injector(t);
    const create = (url: string, body: unknown) => createEntity(send, url, body);
    [poolId, assignedPoolId, importPoolId] = [
      await create(POOLS, poolBody('Fuzzed pool')),
      await create(POOLS, poolBody('Fuzzed assign target', [])),
      await create(POOLS, poolBody('Fuzzed import target', [])),
    ];
    assignmentId = await create(`${POOLS}/${poolId}/assignments`, assignmentBody(targets.allDevices()));
    deviceStateId = await create(`${POOLS}/${poolId}/deviceStates`, deviceStateBody(1));
    database = new WatchedDatabase(t.dataSource, send);
  });

  /** Mostly the key as a path segment, sometimes in OData key syntax or a key no entity has (a 404 is an answer too). */
  const keyed = (collection: string, id: string) =>
    fc.constantFrom(
      `${collection}/${id}`,
      `${collection}/${id}`,
      `${collection}/${id}`,
      `${collection}('${id}')`,
      `${collection}/${UNKNOWN_ID}`,
    );

  const jsonContentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json;odata.metadata=minimal;odata.streaming=true',
      'APPLICATION/JSON; CHARSET=UTF-8',
      'application/json; charset=utf-16',
      'application/json; charset="utf-8"',
      'application/merge-patch+json',
      'text/plain',
      'text/csv',
    ),
  );
  const csvContentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('text/csv') },
    fc.constantFrom('text/csv; charset=utf-8', 'TEXT/CSV', 'text/csv; charset=latin1', 'text/csv; header=present', 'application/json'),
  );
  const extraHeaders = fc.record(
    {
      prefer: fc.constantFrom('return=representation', 'return=minimal'),
      'client-request-id': fc.constantFrom('fuzz-1', ' ', 'x'.repeat(200)),
    },
    { requiredKeys: [] },
  );

  interface WriteRoute {
    readonly method: 'POST' | 'PATCH';
    readonly url: () => fc.Arbitrary<string>;
    readonly contentType: fc.Arbitrary<string>;
    readonly body: fc.Arbitrary<string>;
    readonly runs: number;
    /** Set on the routes that create pools: what they accept must read back as written. */
    readonly createsPools?: true;
  }

  const ROUTES: Record<string, WriteRoute> = {
    'POST …/embeddedSIMActivationCodePools (and /$ref)': {
      method: 'POST',
      url: () => fc.constantFrom(POOLS, POOLS, POOLS, `${POOLS}/$ref`),
      contentType: jsonContentType,
      body: jsonBodyText(poolCreateBodies),
      runs: 900,
      createsPools: true,
    },
    'PATCH a pool': {
      method: 'PATCH',
      url: () => keyed(POOLS, poolId),
      contentType: jsonContentType,
      body: jsonBodyText(poolPatchBodies),
      runs: 500,
    },
    'POST …/assignments': {
      method: 'POST',
      url: () => keyed(POOLS, poolId).map((pool) => `${pool}/assignments`),
      contentType: jsonContentType,
      body: jsonBodyText(assignmentBodies),
      runs: 400,
    },
    'PATCH an assignment': {
      method: 'PATCH',
      url: () => keyed(`${POOLS}/${poolId}/assignments`, assignmentId),
      contentType: jsonContentType,
      body: jsonBodyText(assignmentBodies),
      runs: 300,
    },
    'POST …/deviceStates': {
      method: 'POST',
      url: () => keyed(POOLS, poolId).map((pool) => `${pool}/deviceStates`),
      contentType: jsonContentType,
      body: jsonBodyText(deviceStateBodies),
      runs: 400,
    },
    'PATCH a device state': {
      method: 'PATCH',
      url: () => keyed(`${POOLS}/${poolId}/deviceStates`, deviceStateId),
      contentType: jsonContentType,
      body: jsonBodyText(deviceStateBodies),
      runs: 300,
    },
    'POST …/assign': {
      method: 'POST',
      url: () => keyed(POOLS, assignedPoolId).map((pool) => `${pool}/assign`),
      contentType: jsonContentType,
      body: jsonBodyText(assignActionBodies),
      runs: 400,
    },
    'POST …/activationCodes/$import (CSV)': {
      method: 'POST',
      url: () => keyed(POOLS, importPoolId).map((pool) => `${pool}/activationCodes/$import`),
      contentType: csvContentType,
      body: csvBodies,
      runs: 600,
    },
  };

  /** Spec §4: only a create answers with the codes, and only with its own. */
  function expectNoMatchingIdentifier(answer: { status: number; body: string }, secrets: readonly string[]) {
    if (answer.status === 201) return;
    const echoed = secrets.filter((secret) => answer.body.includes(secret));
    if (echoed.length > 0)
      throw new Error(`A ${answer.status} answer quotes the matching identifier(s) ${echoed.join(', ')}: ${answer.body}`);
  }

  /** A created pool reads back with the name it was given and as many codes as it was given. */
  async function expectCreatedAsWritten(payloadText: string, answer: FuzzAnswer) {
    // RFC 8259 §8.1 lets a parser ignore a byte order mark, and the service does.
    const sent = JSON.parse(payloadText.replace(/^\ufeff/, ''));
    const created = JSON.parse(answer.body);
    const read = JSON.parse((await send({ method: 'GET', url: `${POOLS}/${created.id}` })).body);
    const expected = { displayName: sent.displayName, activationCodeCount: sent.activationCodes?.length ?? 0 };
    expect({ displayName: created.displayName, activationCodeCount: created.activationCodeCount }).toEqual(expected);
    expect({ displayName: read.displayName, activationCodeCount: read.activationCodeCount }).toEqual(expected);
  }

  it.each(Object.entries(ROUTES))(
    '%s: every answer keeps the contract and a refusal changes nothing',
    async (_, route) => {
      const cases = fc.record({
        url: route.url(),
        contentType: route.contentType,
        extra: extraHeaders,
        body: route.body.chain((text) => payloadOf(text).map((payload) => ({ text, payload }))),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ url, contentType, extra, body }) => {
          const request: FuzzRequest = {
            method: route.method,
            url,
            headers: { 'content-type': contentType, ...extra },
            payload: body.payload,
          };
          const answer = await database.sendChecked(request);
          expectGraphAnswer(request, answer);
          expectNoMatchingIdentifier(answer, matchingIdentifiersIn(body.text));
          if (route.createsPools && answer.status === 201) await expectCreatedAsWritten(body.text, answer);
        }),
        fuzzParameters(route.runs),
      );
      await expectStillServing(send);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'POST /beta/$batch: the batch and each of its answers keep the contract, and a batch of refusals changes nothing',
    async () => {
      const poolIds = [poolId, assignedPoolId, importPoolId, UNKNOWN_ID];
      const cases = batchBodyText(poolIds).chain((text) => payloadOf(text).map((payload) => ({ text, payload })));
      await fc.assert(
        fc.asyncProperty(cases, async ({ text, payload }) => {
          const request: FuzzRequest = { method: 'POST', url: '/beta/$batch', headers: { 'content-type': 'application/json' }, payload };
          const answer = await database.sendChecked(request, (batch) => batchAnswersOf(batch).some(succeeded));
          expectGraphAnswer(request, answer);
          const secrets = matchingIdentifiersIn(text);
          // A batch's own answer carries those of its requests, a create's echo among them: each is checked on its own.
          if (answer.status !== 200) expectNoMatchingIdentifier(answer, secrets);
          for (const inner of batchAnswersOf(answer)) {
            expectGraphAnswer({ method: 'POST', url: `$batch request '${inner.id}'` }, inner);
            expectNoMatchingIdentifier(inner, secrets);
          }
        }),
        fuzzParameters(500),
      );
      await expectStillServing(send);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
