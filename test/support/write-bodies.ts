import fc from 'fast-check';
import { TARGET_TYPES, TargetKind } from './assignment-fixtures';
import { operatorCsv } from './csv-fixtures';
import { DEVICE_STATE_VALUES } from './device-state-fixtures';
import { iccid } from './fixtures';
import {
  brokenJsonText,
  deepNesting,
  extremeNumber,
  hostileKey,
  hostileValue,
  JsonMembers,
  mangledJsonText,
  oddString,
  RawJson,
  toJsonText,
} from './hostile-values';

/**
 * Request bodies for every write route of spec §1, as fast-check arbitraries: valid bodies (so that
 * some writes succeed and the state moves), the same bodies mutated at one or more places, random
 * JSON, and text that is no JSON at all; the operator CSV of the import likewise.
 */

/**
 * Every generated matching identifier starts with this marker, so that an answer can be searched for
 * any of them: no answer but a create's echo may hold one (spec §4), errors included.
 */
const MATCHING_IDENTIFIER_MARKER = 'MID';
const SECRETS = new RegExp(`${MATCHING_IDENTIFIER_MARKER}-[A-Za-z0-9]{6,}`, 'g');

/** The matching identifiers a request payload holds. */
export function matchingIdentifiersIn(payload: string): string[] {
  return payload.match(SECRETS) ?? [];
}

const alphanumeric = fc.string({ unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'), minLength: 6, maxLength: 24 });

const validMatchingIdentifier = alphanumeric.map((suffix) => `${MATCHING_IDENTIFIER_MARKER}-${suffix}`);

/** ICCIDs spread over a range wide enough that two cases rarely meet (a 409 when they do, which is an answer too). */
const validIccid = fc.integer({ min: 1, max: 99_999_999_999 }).map(iccid);

const validSmdpAddress = fc.oneof(
  fc.constantFrom('rsp.contoso-mobile.com', 'smdp.example.com', 'a.bc', 'sm-dp.x1.operator.de'),
  fc.domain(),
);

const validCode = fc.record({
  integratedCircuitCardIdentifier: validIccid,
  matchingIdentifier: validMatchingIdentifier,
  smdpPlusServerAddress: validSmdpAddress,
});

/** Values each property of an activation code must refuse. */
const invalidCodeChange = fc.oneof(
  fc.record({
    integratedCircuitCardIdentifier: fc.oneof(
      fc.constantFrom(
        '894450000000000001',
        '894450000000000000012',
        '8944 5000 0000 0000 001',
        '８９４４５０００００００００００００１',
        '',
      ),
      fc.bigInt({ min: 10n ** 18n, max: 10n ** 20n }).map((n) => new RawJson(String(n))),
      oddString,
    ),
  }),
  fc.record({ matchingIdentifier: fc.oneof(fc.constantFrom('', 'has space', 'MID-ÄÖÜ123', 'x'.repeat(256)), oddString) }),
  fc.record({
    smdpPlusServerAddress: fc.oneof(
      fc.constantFrom(
        'https://smdp.example.com/',
        'smdp.example.com:443',
        'smdp.example.com.',
        '10.0.0.1',
        'localhost',
        'a'.repeat(254) + '.com',
      ),
      oddString,
    ),
  }),
  fc.constantFrom({ integratedCircuitCardIdentifier: undefined }, { matchingIdentifier: null }, { smdpPlusServerAddress: 42 }),
);

const code = fc.oneof(
  { weight: 8, arbitrary: validCode },
  { weight: 1, arbitrary: fc.tuple(validCode, invalidCodeChange).map(([valid, change]) => ({ ...valid, ...change })) },
);

/** A few codes, valid and invalid mixed, sometimes with one ICCID twice. */
const activationCodes = fc
  .tuple(fc.array(code, { maxLength: 6 }), fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)))
  .map(([codes, repeatFirst]) => (repeatFirst && codes.length > 0 ? [...codes, { ...codes[0] }] : codes));

const displayName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Contoso Mobile – November batch', 'Fabrikam Q4', 'Pool', 'x'.repeat(256)) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }) },
  { weight: 2, arbitrary: oddString },
);

const odataType = (type: string) =>
  fc.constantFrom(`#microsoft.graph.${type}`, `microsoft.graph.${type}`, `#Microsoft.Graph.${type}`, '#microsoft.graph.entity');

/** An object with some of `members`: each one present or not, as fast-check's shrinking likes it. */
const someOf = <T>(members: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(members, { requiredKeys: [] });

export const poolCreateBodies = fc.record(
  { '@odata.type': odataType('embeddedSIMActivationCodePool'), displayName, activationCodes, activationCodeCount: fc.integer() },
  { requiredKeys: ['displayName'] },
);

export const poolPatchBodies = someOf({ displayName, activationCodes, id: fc.uuid() });

const guid = fc.uuid({ version: 4 });
const filterMembers = someOf({
  deviceAndAppManagementAssignmentFilterId: fc.oneof(guid, fc.constant(null)),
  deviceAndAppManagementAssignmentFilterType: fc.constantFrom('none', 'include', 'exclude', 'Include', 'all'),
});

/** A target of every kind of spec §2, with the ids its kind takes. */
const assignmentTarget = fc
  .tuple(fc.constantFrom(...(Object.keys(TARGET_TYPES) as TargetKind[])), guid, filterMembers)
  .map(([kind, id, filter]) => ({
    '@odata.type': TARGET_TYPES[kind],
    ...(kind === 'group' || kind === 'exclusionGroup' ? { groupId: id } : {}),
    ...(kind === 'configurationManagerCollection' ? { collectionId: id } : {}),
    ...filter,
  }));

export const assignmentBodies = fc.record(
  { '@odata.type': odataType('embeddedSIMActivationCodePoolAssignment'), target: assignmentTarget },
  { requiredKeys: ['target'] },
);

export const assignActionBodies = fc.record({ assignments: fc.array(fc.record({ target: assignmentTarget }), { maxLength: 4 }) });

const dateTimeText = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-11-28T15:42:51Z',
    '2026-11-28T17:42:51+02:00',
    '2026-11-28T15:42:51.1234567Z',
    '2026-11-28T15:42:51',
    '2026-11-28',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-28T24:00:00Z',
    '2026-11-28T15:42:60Z',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2026-11-28T15:42:51+14:01',
    '2026-11-28t15:42:51z',
    'now',
  ),
);

export const deviceStateBodies = someOf({
  '@odata.type': odataType('embeddedSIMDeviceState'),
  state: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DEVICE_STATE_VALUES) }, fc.constantFrom('Installed', 'lost', '3', '')),
  lastSyncDateTime: fc.oneof(dateTimeText, fc.constant(null)),
  universalIntegratedCircuitCardIdentifier: fc.oneof(validIccid, fc.constant(null)),
  deviceName: fc.oneof(displayName, fc.constant(null)),
  userName: fc.oneof(fc.emailAddress(), fc.constant(null)),
  stateDetails: fc.oneof(oddString, fc.constant(null)),
});

/** Where one mutation of a body applies, and what it does there. */
interface BodyMutation {
  /** Picks the place among every value of the body (the body itself included), modulo their number. */
  readonly at: number;
  readonly kind: 'replace' | 'addMember' | 'repeatMember' | 'removeMember' | 'wrapInArray';
  readonly key: string;
  readonly value: unknown;
}

const bodyMutation: fc.Arbitrary<BodyMutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'addMember', 'repeatMember', 'removeMember', 'wrapInArray'),
  key: hostileKey,
  value: hostileValue,
});

/** Where a value is in a body: an index into each array's items or each object's members on the way down. */
type Path = readonly number[];

/** The members of a JSON object, plain or written member by member; undefined for anything else. */
function membersOf(value: unknown): (readonly [string, unknown])[] | undefined {
  if (value instanceof JsonMembers) return [...value.members];
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof RawJson) return undefined;
  return Object.entries(value);
}

/** Every place in `value` a mutation may apply to, the root first. */
function placesOf(value: unknown, path: Path = []): Path[] {
  const children = Array.isArray(value) ? value : (membersOf(value)?.map(([, item]) => item) ?? []);
  return [path, ...children.flatMap((child: unknown, index) => placesOf(child, [...path, index]))];
}

function replaceAt(value: unknown, path: Path, change: (current: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, change) : item));
  const members = membersOf(value) ?? [];
  return new JsonMembers(members.map(([key, item], index) => [key, index === head ? replaceAt(item, rest, change) : item] as const));
}

function applyMutation(body: unknown, { at, kind, key, value }: BodyMutation): unknown {
  const places = placesOf(body);
  return replaceAt(body, places[at % places.length], (current) => {
    const members = membersOf(current);
    switch (kind) {
      case 'replace':
        return value;
      case 'wrapInArray':
        return [current];
      case 'addMember':
        return members === undefined ? value : new JsonMembers([...members, [key, value]]);
      case 'repeatMember':
        // The same name twice (RFC 8259 §4 leaves the outcome to the parser): first the original, then another value.
        return members === undefined || members.length === 0
          ? current
          : new JsonMembers([...members, [members[at % members.length][0], value]]);
      case 'removeMember':
        return members === undefined || members.length === 0
          ? current
          : new JsonMembers(members.filter((_, index) => index !== at % members.length));
    }
  });
}

/** A valid body changed at one to three places: a value replaced, a member added, repeated or removed, a value wrapped in an array. */
function mutatedBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.array(bodyMutation, { minLength: 1, maxLength: 3 }))
    .map(([body, mutations]) => mutations.reduce(applyMutation, body));
}

/**
 * JSON text for a route whose valid bodies `valid` gives: mostly those bodies, valid or mutated,
 * sometimes any JSON value, deep nesting, an extreme number, or text that is not JSON.
 */
export function jsonBodyText(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: valid.map(toJsonText) },
    { weight: 6, arbitrary: mutatedBody(valid).map(toJsonText) },
    { weight: 1, arbitrary: fc.jsonValue().map(toJsonText) },
    { weight: 1, arbitrary: fc.oneof(deepNesting, extremeNumber).map(toJsonText) },
    { weight: 1, arbitrary: brokenJsonText },
    { weight: 1, arbitrary: valid.map(toJsonText).chain(mangledJsonText) },
  );
}

/** Lines an operator CSV should not have: wrong columns, quotes, separators, odd text, a line over the 4,096-character limit. */
const hostileCsvLine = fc.oneof(
  fc
    .tuple(validIccid, validMatchingIdentifier)
    .chain(([card, secret]) =>
      fc.constantFrom(
        `${card}`,
        `${card},${secret},extra`,
        `"${card}","${secret}"`,
        `${card};${secret}`,
        `${card}\t${secret}`,
        ` ${card} , ${secret} `,
        `${card},`,
        `,${secret}`,
        `${card},${secret}\u0000`,
        `${card}${',x'.repeat(3000)}`,
        `"${card},${secret}`,
      ),
    ),
  fc.tuple(oddString, validMatchingIdentifier).map(([odd, secret]) => `${odd},${secret}`),
  fc.tuple(validIccid, oddString).map(([card, odd]) => `${card},${odd}`),
  oddString,
  fc.constantFrom('', ' ', '\r', ','),
);

const csvRow = fc.oneof(
  { weight: 4, arbitrary: fc.record({ iccid: validIccid, matchingIdentifier: validMatchingIdentifier }) },
  { weight: 2, arbitrary: hostileCsvLine },
);

/** An operator CSV (spec §10): valid files, files with bad lines among good ones, odd first lines and line ends. */
export const csvBodies: fc.Arbitrary<string> = fc
  .record({
    smdp: fc.oneof({ weight: 4, arbitrary: validSmdpAddress }, oddString),
    rows: fc.array(csvRow, { maxLength: 25 }),
    eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
  })
  .map(({ rows, ...layout }) => operatorCsv(rows, layout));

const POOLS_PATH = '/deviceManagement/embeddedSIMActivationCodePools';

/** URLs of batched requests: the URL space relative to the root, `$<id>` references, other roots and hosts, nested batches. */
function batchUrl(poolIds: readonly string[]): fc.Arbitrary<string> {
  const pool = fc.oneof(
    fc.constantFrom(...poolIds).map((id) => `${POOLS_PATH}/${id}`),
    fc.nat({ max: 5 }).map((id) => `$${id}`),
  );
  const under = fc.constantFrom(
    '',
    '/assignments',
    '/deviceStates',
    '/activationCodes/$import',
    '/assign',
    '/$count',
    '?$select=displayName',
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(pool, under).map(([path, rest]) => path + rest) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        POOLS_PATH,
        `${POOLS_PATH}/$count`,
        `${POOLS_PATH}/$ref`,
        `${POOLS_PATH}?$filter=displayName eq 'x'&$top=1`,
        `/beta${POOLS_PATH}`,
        `/v1.0${POOLS_PATH}`,
        `/v2.0${POOLS_PATH}`,
        `http://localhost:80/beta${POOLS_PATH}`,
        `https://evil.example.com/beta${POOLS_PATH}`,
        `//evil.example.com${POOLS_PATH}`,
        '/deviceManagement',
        '/$metadata',
        '/',
        '/$batch',
        '$batch',
        '/beta/$batch',
        '/../health/live',
        `${POOLS_PATH}/..%2F..%2F$batch`,
      ),
    },
    { weight: 1, arbitrary: oddString },
  );
}

/** What a batched request does, its method, URL (under a pool, by id or `$<id>`) and body agreeing with one another. */
function batchOperation(poolIds: readonly string[]) {
  const pool = fc.oneof(
    fc.constantFrom(...poolIds).map((id) => `${POOLS_PATH}/${id}`),
    fc.nat({ max: 5 }).map((id) => `$${id}`),
  );
  const json = (method: string, url: fc.Arbitrary<string>, body: fc.Arbitrary<unknown>) =>
    fc.record({ method: fc.constant(method), url, body: fc.oneof({ weight: 3, arbitrary: body }, mutatedBody(body)) });
  return fc.oneof(
    fc.record({ method: fc.constant('GET'), url: batchUrl(poolIds) }),
    json('POST', fc.constant(POOLS_PATH), poolCreateBodies),
    json('PATCH', pool, poolPatchBodies),
    json(
      'POST',
      pool.map((url) => `${url}/assignments`),
      assignmentBodies,
    ),
    json(
      'POST',
      pool.map((url) => `${url}/deviceStates`),
      deviceStateBodies,
    ),
    json(
      'POST',
      pool.map((url) => `${url}/assign`),
      assignActionBodies,
    ),
    fc.record({
      method: fc.constant('POST'),
      url: pool.map((url) => `${url}/activationCodes/$import`),
      headers: fc.constant({ 'Content-Type': 'text/csv' }),
      body: csvBodies,
    }),
    fc.record({ method: fc.constant('DELETE'), url: fc.nat({ max: 5 }).map((id) => `$${id}`) }),
  );
}

const batchHeaders = fc.oneof(
  {
    weight: 4,
    arbitrary: someOf({
      'content-type': fc.constantFrom(
        'application/json',
        'text/csv',
        'text/plain',
        'application/octet-stream',
        'application/json; charset=utf-16',
      ),
      prefer: fc.constantFrom('return=representation', 'odata.maxpagesize=1', 'respond-async'),
      'client-request-id': oddString,
      'if-match': fc.constantFrom('*', 'W/"x"', ''),
      authorization: fc.constantFrom('Bearer x', ''),
    }),
  },
  { weight: 1, arbitrary: fc.dictionary(hostileKey, oddString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: hostileValue },
);

/** A batched request with members of the wrong type or value, or missing. */
function hostileBatchRequest(poolIds: readonly string[]) {
  return fc.record(
    {
      id: fc.oneof(fc.nat({ max: 5 }).map(String), hostileValue),
      method: fc.oneof(fc.constantFrom('get', 'Post', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', ''), hostileValue),
      url: fc.oneof(batchUrl(poolIds), hostileValue),
      headers: batchHeaders,
      body: fc.oneof(poolCreateBodies, csvBodies, fc.base64String({ maxLength: 40 }), hostileValue),
      dependsOn: fc.oneof(fc.array(fc.nat({ max: 5 }).map(String), { maxLength: 3 }), hostileValue),
    },
    { requiredKeys: [] },
  );
}

/**
 * A `$batch` envelope (spec §12): requests of every route, numbered 1, 2, 3… and depending on earlier
 * ones (so that `$<id>` references resolve), most well-formed, some hostile; sometimes with the
 * numbering left out (ids missing, repeated or of the wrong type), sometimes more than 20.
 */
function batchEnvelope(poolIds: readonly string[]): fc.Arbitrary<unknown> {
  // A well-formed request picks the earlier requests it depends on by position; a hostile one keeps what it has.
  const wellFormed = fc
    .tuple(batchOperation(poolIds), fc.array(fc.nat({ max: 4 }), { maxLength: 2 }))
    .map(([operation, earlier]) => ({ operation, earlier }));
  const request = fc.oneof(
    { weight: 6, arbitrary: wellFormed },
    { weight: 1, arbitrary: hostileBatchRequest(poolIds).map((hostile) => ({ hostile })) },
  );
  const requests = fc.oneof(
    { weight: 12, arbitrary: fc.array(request, { minLength: 1, maxLength: 5 }) },
    { weight: 1, arbitrary: fc.array(request, { minLength: 19, maxLength: 22 }) },
  );
  const numbered = fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, fc.constant(false));
  return fc.tuple(requests, numbered).map(([items, withIds]) => ({
    requests: items.map((item, index) => {
      if ('hostile' in item) return withIds ? { ...item.hostile, id: String(index + 1) } : item.hostile;
      const dependsOn = [...new Set(item.earlier.filter((position) => position < index))].map((position) => String(position + 1));
      return withIds ? { ...item.operation, id: String(index + 1), dependsOn } : { ...item.operation, dependsOn };
    }),
  }));
}

/** `$batch` bodies: mostly envelopes as `batchEnvelope` writes them, some mutated or no envelope at all. */
export function batchBodyText(poolIds: readonly string[]): fc.Arbitrary<string> {
  const envelope = batchEnvelope(poolIds);
  return fc.oneof(
    { weight: 8, arbitrary: envelope.map(toJsonText) },
    { weight: 2, arbitrary: mutatedBody(envelope).map(toJsonText) },
    { weight: 1, arbitrary: jsonBodyText(fc.constant({ requests: [] })) },
  );
}
