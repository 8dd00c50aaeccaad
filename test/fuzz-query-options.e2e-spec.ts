import fc from 'fast-check';
import { ASSIGNMENT_TYPE, DEVICE_STATE_TYPE, ESIM_MODEL, POOL_TYPE } from '../src/esim/esim.schema';
import { assignmentBody, groupTargets, targets } from './support/assignment-fixtures';
import { variedDeviceStates } from './support/device-state-fixtures';
import { activationCodes, poolBody } from './support/fixtures';
import {
  createEntity,
  expectGraphAnswer,
  expectStillServing,
  FuzzRequest,
  FUZZ_TEST_TIMEOUT_MS,
  fuzzParameters,
  injector,
  Send,
  WatchedDatabase,
} from './support/fuzz-harness';
import {
  encodedQuery,
  hostileQueryString,
  mutatedOptions,
  QueryOptions,
  QueryVocabulary,
  syntacticCollectionQuery,
  vocabularyOf,
  wellTypedCollectionQuery,
  wellTypedCountQuery,
  wellTypedEntityQuery,
} from './support/odata-query-grammar';
import { POOLS, useTestApp } from './support/test-app';

/**
 * Fuzz (issue 11, item 7): `$filter`, `$orderby`, `$select`, `$expand`, `$top`, `$skip`, `$count`,
 * `$search` and `$skiptoken` built from a grammar over the model (see `odata-query-grammar.ts`),
 * then mutated and encoded every way clients do, against every collection, `$count` and entity of
 * spec §1. Well-typed queries of what spec §5 documents must answer 200; every query keeps the
 * Graph contract (see `expectGraphAnswer`: 501 is the intended answer to OData the service does not
 * implement); no query changes the database; afterwards the service still serves.
 *
 * Replay a failure with the seed fast-check prints: `FC_SEED=<seed> npx jest test/fuzz-query-options`
 * (add `FC_PATH=<path>` to go straight to the counterexample).
 */
/** Names the lists are filtered, sorted and searched over: plain, with quotes and percent signs, in other scripts, at the length limit. */
const POOL_NAMES = [
  'Contoso pool',
  'Fabrikam',
  'pool',
  "O'Brien's pool",
  '100% pool_1',
  'Pool 🏳️‍🌈 👩‍👩‍👧‍👦',
  '\u202eRTL override\u202c pool',
  'Z\u0351\u036b\u0343 combining',
  '日本のプール',
  'İstanbul ß ǅ',
  'tab\tand\nnewline',
  'x'.repeat(256),
];

describe('fuzzed query options', () => {
  // A small page size, so that most lists have a next page and their links a skip token to tamper with.
  const t = useTestApp({ MAX_PAGE_SIZE: '5' });
  let send: Send;
  let database: WatchedDatabase;
  /** Where queries go, with what they may name there. */
  let endpoints: Endpoint[];
  /** Skip tokens the service issued, for the fuzz to send back, tampered or not. */
  const skipTokens: string[] = [];

  type EndpointKind = 'collection' | 'count' | 'entity';
  interface Endpoint {
    readonly path: string;
    readonly kind: EndpointKind;
    readonly vocabulary: QueryVocabulary;
  }

  beforeAll(async () => {
    send = await injector(t);
    const create = (url: string, body: unknown) => createEntity(send, url, body);
    const poolIds: string[] = [];
    for (const [index, name] of POOL_NAMES.entries()) poolIds.push(await create(POOLS, poolBody(name, activationCodes(index % 4))));
    const [poolId] = poolIds;
    const assignmentIds: string[] = [];
    for (const target of [...groupTargets(7), targets.allDevices(), targets.configurationManagerCollection()]) {
      assignmentIds.push(await create(`${POOLS}/${poolId}/assignments`, assignmentBody(target)));
    }
    const deviceStateIds: string[] = [];
    for (const { written } of variedDeviceStates(1, 14)) deviceStateIds.push(await create(`${POOLS}/${poolId}/deviceStates`, written));

    const pools = vocabularyOf(ESIM_MODEL, POOL_TYPE);
    const assignments = vocabularyOf(ESIM_MODEL, ASSIGNMENT_TYPE);
    const deviceStates = vocabularyOf(ESIM_MODEL, DEVICE_STATE_TYPE);
    const pool = `${POOLS}/${poolId}`;
    endpoints = [
      { path: POOLS, kind: 'collection', vocabulary: pools },
      { path: POOLS.replace('/beta/', '/v1.0/'), kind: 'collection', vocabulary: pools },
      { path: `${POOLS}/$count`, kind: 'count', vocabulary: pools },
      { path: pool, kind: 'entity', vocabulary: pools },
      { path: `${POOLS}('${poolId}')`, kind: 'entity', vocabulary: pools },
      { path: `${pool}/assignments`, kind: 'collection', vocabulary: assignments },
      { path: `${pool}/assignments/$count`, kind: 'count', vocabulary: assignments },
      { path: `${pool}/assignments/${assignmentIds[0]}`, kind: 'entity', vocabulary: assignments },
      { path: `${pool}/deviceStates`, kind: 'collection', vocabulary: deviceStates },
      { path: `${pool}/deviceStates/$count`, kind: 'count', vocabulary: deviceStates },
      { path: `${POOLS}('${poolId}')/deviceStates('${deviceStateIds[0]}')`, kind: 'entity', vocabulary: deviceStates },
    ];
    for (const query of ['', '?$orderby=displayName desc', '?$filter=activationCodeCount ge 0&$count=true']) {
      skipTokens.push(...(await skipTokensFrom(POOLS + query)));
    }
    skipTokens.push(...(await skipTokensFrom(`${pool}/deviceStates?$orderby=state`)), ...(await skipTokensFrom(`${pool}/assignments`)));
    expect(skipTokens.length).toBeGreaterThan(3);
    database = new WatchedDatabase(t.dataSource, send);
  });

  /** The skip tokens of every page of a list, following its nextLinks. */
  async function skipTokensFrom(url: string): Promise<string[]> {
    const tokens: string[] = [];
    for (let next: string | undefined = url; next !== undefined;) {
      const body = JSON.parse((await send({ method: 'GET', url: next })).body);
      const link: string | undefined = body['@odata.nextLink'];
      if (link !== undefined) tokens.push(new URL(link).searchParams.get('$skiptoken') ?? '');
      next = link === undefined ? undefined : link.slice(link.indexOf('/beta/'));
    }
    return tokens;
  }

  const WELL_TYPED: Record<EndpointKind, (vocabulary: QueryVocabulary) => fc.Arbitrary<QueryOptions>> = {
    collection: (vocabulary) => wellTypedCollectionQuery(vocabulary),
    count: wellTypedCountQuery,
    entity: wellTypedEntityQuery,
  };

  /** What a 200 holds at each kind of endpoint. */
  function expectSuccessShape(kind: EndpointKind, body: string) {
    if (kind === 'count') expect(body).toMatch(/^\d+$/);
    else if (kind === 'collection') expect(Array.isArray(JSON.parse(body).value)).toBe(true);
    else expect(typeof JSON.parse(body).id).toBe('string');
  }

  const get = (path: string, query: string): FuzzRequest => ({ method: 'GET', url: query === '' ? path : `${path}?${query}` });

  it(
    'answers well-typed queries of what spec §5 documents with 200',
    async () => {
      const cases = fc
        .constantFrom(...endpoints)
        .chain((endpoint) => fc.tuple(fc.constant(endpoint), WELL_TYPED[endpoint.kind](endpoint.vocabulary).chain(encodedQuery)));
      await fc.assert(
        fc.asyncProperty(cases, async ([endpoint, query]) => {
          const request = get(endpoint.path, query);
          const answer = await database.sendChecked(request, () => false);
          expectGraphAnswer(request, answer);
          if (answer.status !== 200) throw new Error(`GET ${request.url} answered ${answer.status}, not 200: ${answer.body}`);
          expectSuccessShape(endpoint.kind, answer.body);
        }),
        fuzzParameters(1500),
      );
      await expectStillServing(send);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    'answers any query, from the whole grammar and mutated, in the Graph shape, and never writes',
    async () => {
      const cases = fc.constantFrom(...endpoints).chain((endpoint) => {
        const options = fc.oneof(
          WELL_TYPED[endpoint.kind](endpoint.vocabulary).chain(mutatedOptions),
          syntacticCollectionQuery(endpoint.vocabulary, skipTokens),
          syntacticCollectionQuery(endpoint.vocabulary, skipTokens).chain(mutatedOptions),
        );
        return fc.tuple(fc.constant(endpoint), options.chain(hostileQueryString));
      });
      await fc.assert(
        fc.asyncProperty(cases, async ([endpoint, query]) => {
          const request = get(endpoint.path, query);
          expectGraphAnswer(request, await database.sendChecked(request, () => false));
        }),
        fuzzParameters(2500),
      );
      await expectStillServing(send);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
