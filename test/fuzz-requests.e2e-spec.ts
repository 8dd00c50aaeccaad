import { METHODS } from 'node:http';
import fc from 'fast-check';
import { ESIM_MODEL, POOL_TYPE } from '../src/esim/esim.schema';
import { assignmentBody, targets } from './support/assignment-fixtures';
import { deviceStateBody } from './support/device-state-fixtures';
import { poolBody } from './support/fixtures';
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
import { brokenPercentSequence, oddString, payloadOf, percentEncoded } from './support/hostile-values';
import { hostileQueryString, syntacticCollectionQuery, vocabularyOf } from './support/odata-query-grammar';
import { POOLS, useTestApp } from './support/test-app';
import {
  assignActionBodies,
  assignmentBodies,
  csvBodies,
  deviceStateBodies,
  jsonBodyText,
  poolCreateBodies,
  poolPatchBodies,
} from './support/write-bodies';

/**
 * Fuzz (issue 11, item 7): random requests: paths made of the segments of spec §1's URL space (keys
 * in both syntaxes, `$count`, `$ref`, `$value`, `$batch`, `..`, percent-encoded bytes, very long
 * segments), mutated from real paths or assembled at random; every method Node's HTTP parser
 * accepts; headers with every variant of Content-Type, Accept, Prefer, client-request-id, If-Match,
 * OData-Version and odd bytes; bodies of every kind. For every case the answer keeps the Graph
 * contract (see `expectGraphAnswer`) and a request that did not succeed changes nothing;
 * afterwards the service still serves.
 *
 * What a socket can carry is all that is sent, since `inject` skips Node's HTTP parser: no CONNECT
 * (Node hands it to 'connect' listeners, never to the application), header values of visible ASCII,
 * tab and bytes 0x80–0xFF only, request lines under Node's 16 KiB header limit (beyond it Node answers
 * 431 itself, which test/http-layer.e2e-spec.ts covers).
 *
 * Replay a failure with the seed fast-check prints: `FC_SEED=<seed> npx jest test/fuzz-requests`
 * (add `FC_PATH=<path>` to go straight to the counterexample).
 */
describe('fuzzed requests', () => {
  const t = useTestApp();
  let send: Send;
  let database: WatchedDatabase;
  /** Real paths of every kind of spec §1, with the ids of entities that exist. */
  let realPaths: string[];

  beforeAll(async () => {
    send = await injector(t);
    const create = (url: string, body: unknown) => createEntity(send, url, body);
    const poolIds = [await create(POOLS, poolBody('Fuzzed requests pool')), await create(POOLS, poolBody('Second', []))];
    const pool = `${POOLS}/${poolIds[0]}`;
    const assignmentId = await create(`${pool}/assignments`, assignmentBody(targets.allDevices()));
    const deviceStateId = await create(`${pool}/deviceStates`, deviceStateBody(1));
    realPaths = [
      '/',
      '/beta',
      '/v1.0/',
      '/beta/$metadata',
      '/beta/openapi.json',
      '/beta/$batch',
      '/beta/deviceManagement',
      '/health/live',
      '/health/ready',
      '/docs',
      POOLS,
      `${POOLS}/$count`,
      `${POOLS}/$ref`,
      pool,
      `${POOLS}('${poolIds[1]}')`,
      `${POOLS}(id='${poolIds[1]}')`,
      `${pool}/assign`,
      `${pool}/microsoft.graph.assign`,
      `${pool}/activationCodes/$import`,
      `${pool}/assignments`,
      `${pool}/assignments/$count`,
      `${pool}/assignments/${assignmentId}`,
      `${POOLS}('${poolIds[0]}')/assignments('${assignmentId}')`,
      `${pool}/deviceStates`,
      `${pool}/deviceStates/$count`,
      `${pool}/deviceStates/${deviceStateId}`,
      `${POOLS}%28%27${poolIds[0]}%27%29/deviceStates%28%27${deviceStateId}%27%29`,
    ];
    database = new WatchedDatabase(t.dataSource, send);
  });

  /** Segments of the URL space, and segments that only look like they belong to it. */
  const segment = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        'beta',
        'v1.0',
        'v2.0',
        'BETA',
        'deviceManagement',
        'embeddedSIMActivationCodePools',
        'embeddedsimactivationcodepools',
        'assignments',
        'deviceStates',
        'activationCodes',
        '$import',
        '$count',
        '$ref',
        '$value',
        '$batch',
        '$metadata',
        '$entity',
        '$filter(true)',
        'openapi.json',
        'assign',
        'microsoft.graph.assign',
        'health',
        'live',
        'docs',
        '..',
        '.',
        '',
        '%2e%2e',
        '%2F',
        '%00',
        '%ff',
        '%E2%80%AE',
        ';x=1',
        '*',
        '~',
        "('')",
        '()',
        "('a''b')",
        '(1)',
        "(id='x')",
      ),
    },
    { weight: 2, arbitrary: fc.uuid().chain((id) => fc.constantFrom(id, id.toUpperCase(), `('${id}')`, `${id}x`)) },
    { weight: 1, arbitrary: fc.integer({ min: 37, max: 6000 }).map((length) => 'a'.repeat(length)) },
    { weight: 1, arbitrary: brokenPercentSequence },
    {
      weight: 2,
      arbitrary: oddString.filter((text) => text.length < 2000).map((text) => percentEncoded(text, /^[A-Za-z0-9\-_.~'()$,;:@!*]$/)),
    },
  );

  /** One change to a path's segments: one replaced, inserted, removed or doubled; a slash doubled or added at the end. */
  const pathEdit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('replace', 'insert', 'remove', 'double', 'doubleSlash', 'trailingSlash'),
    segment,
  });

  function editPath(path: string, { at, kind, segment: other }: { at: number; kind: string; segment: string }): string {
    const segments = path.split('/');
    const index = 1 + (at % Math.max(1, segments.length - 1));
    switch (kind) {
      case 'replace':
        segments[index] = other;
        break;
      case 'insert':
        segments.splice(index, 0, other);
        break;
      case 'remove':
        segments.splice(index, 1);
        break;
      case 'double':
        segments.splice(index, 0, segments[index] ?? other);
        break;
      case 'doubleSlash':
        segments.splice(index, 0, '');
        break;
      case 'trailingSlash':
        segments.push('');
        break;
    }
    return segments.join('/') || '/';
  }

  const path = () =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...realPaths) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...realPaths), fc.array(pathEdit, { minLength: 1, maxLength: 3 }))
          .map(([real, edits]) => edits.reduce(editPath, real)),
      },
      { weight: 2, arbitrary: fc.array(segment, { minLength: 1, maxLength: 8 }).map((segments) => `/${segments.join('/')}`) },
    );

  const query = fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: syntacticCollectionQuery(vocabularyOf(ESIM_MODEL, POOL_TYPE)).chain(hostileQueryString) },
  );

  /** Header values a socket can carry: visible ASCII, spaces, tabs and the bytes 0x80–0xFF (as Node reads them, one Latin-1 character each). */
  const headerText = fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
      .map((code) => String.fromCharCode(code)),
    maxLength: 200,
  });

  /** Headers by name, each with its variants: the ones clients send, malformed ones, and any text. */
  const HEADER_VARIANTS: Record<string, fc.Arbitrary<string>> = {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/json;odata.metadata=full',
        'application/json; charset=utf-16',
        'application/json; charset="UTF-8"; foo=bar',
        'text/csv',
        'text/csv; charset=iso-8859-1',
        'text/plain',
        'multipart/mixed; boundary=batch_1',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        'application/xml',
        '*/*',
        'application/',
        ';',
        '',
      ),
      headerText,
    ),
    accept: fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json;odata.metadata=none',
        'application/json;odata.metadata=full;odata.streaming=false',
        'application/json;IEEE754Compatible=true',
        'text/plain',
        'text/*',
        '*/*',
        'application/xml',
        'text/html',
        'application/json;q=0',
        'application/json;q=abc',
        '',
      ),
      headerText,
    ),
    prefer: fc.oneof(
      fc.constantFrom(
        'return=representation',
        'return=minimal',
        'odata.maxpagesize=1',
        'odata.maxpagesize=0',
        'odata.maxpagesize=-1',
        'odata.maxpagesize=99999999999999999999',
        'odata.maxpagesize=abc',
        'respond-async',
        'odata.include-annotations="*"',
        'wait=10',
        'return=representation, odata.maxpagesize=2',
      ),
      headerText,
    ),
    'client-request-id': fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'a'.repeat(129), 'x'.repeat(128)), headerText),
    'if-match': fc.oneof(fc.constantFrom('*', 'W/"1"', '"1"', 'W/""', 'W/', '""', '*, W/"1"'), headerText),
    'if-none-match': fc.oneof(fc.constantFrom('*', 'W/"1"'), headerText),
    'odata-version': fc.constantFrom('4.0', '4.01', '3.0', 'x', ''),
    'odata-maxversion': fc.constantFrom('4.0', '4.01', '3.0', '1', 'x', ''),
    // Rarely: most requests keep the test's token, so that they get past authentication.
    authorization: fc.constantFrom('Bearer x', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer a.b.c', ''),
    'x-http-method-override': fc.constantFrom('DELETE', 'PATCH', 'GET'),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity;q=0', '*;q=0'),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
    host: fc.constantFrom('localhost', 'evil.example.com', '[::1]:80', 'a'.repeat(300), 'localhost:99999'),
    origin: fc.constantFrom('https://evil.example.com', 'null'),
    'x-forwarded-host': fc.constantFrom('evil.example.com', ''),
    'x-forwarded-proto': fc.constantFrom('https', 'gopher'),
    'x-fuzz': headerText,
  };

  /** Up to four of those headers: a request with all of them would rarely get past the first check. */
  const headers = fc
    .subarray(Object.entries(HEADER_VARIANTS), { maxLength: 4 })
    .chain((chosen) => fc.tuple(...chosen.map(([name, variants]) => variants.map((value) => [name, value] as const))))
    .map((entries) => Object.fromEntries(entries));

  const body = fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    fc.oneof(
      jsonBodyText(poolCreateBodies),
      jsonBodyText(poolPatchBodies),
      jsonBodyText(assignmentBodies),
      jsonBodyText(deviceStateBodies),
      jsonBodyText(assignActionBodies),
      csvBodies,
    ),
  );

  // Node hands CONNECT to 'connect' listeners; it never reaches the application.
  const method = fc.oneof(
    { weight: 4, arbitrary: fc.constant('GET') },
    { weight: 6, arbitrary: fc.constantFrom('POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS') },
    { weight: 1, arbitrary: fc.constantFrom(...METHODS.filter((name) => name !== 'CONNECT')) },
  );

  it(
    'answers random methods, paths, headers and bodies in the Graph shape, and a refusal changes nothing',
    async () => {
      const cases = fc.record({
        method,
        path: path(),
        query,
        headers,
        body: body.chain((text) => (text === undefined ? fc.constant(undefined) : payloadOf(text))),
        // The media type a body goes with when the headers name none.
        bodyType: fc.constantFrom('application/json', 'text/csv'),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ method: name, path: target, query: options, headers: chosen, body: payload, bodyType }) => {
          const headers = payload === undefined || 'content-type' in chosen ? chosen : { ...chosen, 'content-type': bodyType };
          const request: FuzzRequest = { method: name, url: options === '' ? target : `${target}?${options}`, headers, payload };
          expectGraphAnswer(request, await database.sendChecked(request));
        }),
        fuzzParameters(3000),
      );
      await expectStillServing(send);
    },
    FUZZ_TEST_TIMEOUT_MS,
  );
});
