import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import type { ActivationCode } from '../src/esim/pools/activation-code';
import { luhnCheckDigit } from '../src/esim/pools/iccid';
import { matchingIdentifierBinding } from '../src/esim/pools/preparation/prepared-codes';
import { READ_PERMISSION } from '../src/identity/permissions';
import { SecretCipher } from '../src/secrets/secret-cipher';
import { INLINE_PARSE_LIMIT_BYTES } from '../src/graph/body/unparsed-body';
import { CsvRow, csvRows, importUrl, lineOf, operatorCsv, replaceRow } from './support/csv-fixtures';
import { activationCodes, poolBody, SMDP_ADDRESS } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { storedCodeCount, storedCodes } from './support/stored-codes';
import { POOLS, TENANT_A, TENANT_B, TestApp, useTestApp } from './support/test-app';

const NEVER_CREATED = '6f1c7a52-8d1e-4c3b-9a6f-2b0d9e4c8a11';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `payload` completed with its Luhn check digit. */
const withCheckDigit = (payload: string) => payload + luhnCheckDigit(payload);
/** The same ICCID with its last (Luhn check) digit changed. */
const withWrongCheckDigit = (value: string) => value.slice(0, -1) + String((Number(value.at(-1)) + 1) % 10);

/** Fails naming every matching identifier of `rows` that `text` contains (spec §4: errors never quote them). */
function expectNoMatchingIdentifierIn(text: string, rows: readonly CsvRow[]) {
  expect(rows.map((row) => row.matchingIdentifier).filter((secret) => text.includes(secret))).toEqual([]);
}

/** The helpers every describe of this file needs, bound to its application. */
function importHelpers(t: TestApp) {
  return {
    importCsv: (poolId: string, text: string, client: TestAgent = t.http) =>
      client.post(importUrl(poolId)).set('Content-Type', 'text/csv').send(text),

    createPool: async (displayName: string, codes: ActivationCode[] = []): Promise<{ id: string; modifiedDateTime: string }> => {
      const { body } = await t.http.post(POOLS).send(poolBody(displayName, codes)).expect(201);
      return body;
    },

    storedIccids: async (poolId: string): Promise<string[]> => {
      return (await storedCodes(t.dataSource, { poolId })).map((code) => code.iccid);
    },

    storedAddresses: async (poolId: string): Promise<string[]> => [
      ...new Set((await storedCodes(t.dataSource, { poolId })).map((code) => code.smdpPlusServerAddress)),
    ],

    /** What a refused import must leave as it was: every stored code, and the pool's count and modifiedDateTime. */
    snapshot: async (poolId: string) => {
      const inDatabase = await storedCodeCount(t.dataSource);
      const inPool = await storedCodeCount(t.dataSource, { poolId });
      const { body } = await t.http.get(`${POOLS}/${poolId}`).expect(200);
      return { inDatabase, inPool, activationCodeCount: body.activationCodeCount, modifiedDateTime: body.modifiedDateTime };
    },
  };
}

const sortedIccids = (rows: readonly CsvRow[]) => rows.map((row) => row.iccid).sort();

/** Spec §10: `POST …/{poolId}/activationCodes/$import` takes the Intune operator CSV. */
describe('CSV import of activation codes', () => {
  const t = useTestApp();
  const { importCsv, createPool, storedIccids, storedAddresses, snapshot } = importHelpers(t);

  describe('successful imports', () => {
    it.each<[string, (rows: CsvRow[]) => string]>([
      ['LF line ends', (rows) => operatorCsv(rows, { eol: '\n' })],
      ['CRLF line ends', (rows) => operatorCsv(rows, { eol: '\r\n' })],
      ['a UTF-8 byte order mark', (rows) => operatorCsv(rows, { bom: true })],
      ['a trailing LF', (rows) => operatorCsv(rows, { trailingNewline: true })],
      ['a trailing CRLF', (rows) => operatorCsv(rows, { eol: '\r\n', trailingNewline: true })],
      ['blank lines in the middle', (rows) => operatorCsv([rows[0], '', rows[1], rows[2], '', '', rows[3], rows[4]])],
      ['blank CRLF lines in the middle', (rows) => operatorCsv([rows[0], rows[1], '', rows[2], rows[3], '', rows[4]], { eol: '\r\n' })],
      [
        'a BOM, CRLF line ends, blank lines and a trailing CRLF together',
        (rows) => operatorCsv([rows[0], '', rows[1], rows[2], rows[3], rows[4]], { bom: true, eol: '\r\n', trailingNewline: true }),
      ],
    ])('imports the same five rows from a file with %s', async (_, layout) => {
      const rows = csvRows(5);
      const pool = await createPool('Layouts');
      const response = await importCsv(pool.id, layout(rows)).expect(200);
      expect(response.body).toMatchObject({ imported: 5, activationCodeCount: 5 });
      expect(await storedIccids(pool.id)).toEqual(sortedIccids(rows));
      expect(await storedAddresses(pool.id)).toEqual([SMDP_ADDRESS]);
    });

    it('accepts text/csv with a charset parameter', async () => {
      const rows = csvRows(3);
      const pool = await createPool('Charset');
      const response = await t.http
        .post(importUrl(pool.id))
        .set('Content-Type', 'text/csv; charset=utf-8')
        .send(operatorCsv(rows))
        .expect(200);
      expect(response.body).toMatchObject({ imported: 3, activationCodeCount: 3 });
    });

    it('takes the SM-DP+ address of each code from line 1', async () => {
      const rows = csvRows(3);
      const pool = await createPool('Other SM-DP+');
      await importCsv(pool.id, operatorCsv(rows, { smdp: 'smdp.fabrikam-telecom.example' })).expect(200);
      expect(await storedAddresses(pool.id)).toEqual(['smdp.fabrikam-telecom.example']);
    });

    it('answers with the counts only: no activationCodes and no matching identifier', async () => {
      const rows = csvRows(10);
      const pool = await createPool('Counts only');
      const response = await importCsv(pool.id, operatorCsv(rows)).expect(200);
      expect(response.body.imported).toBe(10);
      expect(response.body.activationCodeCount).toBe(10);
      expect(response.body).not.toHaveProperty('activationCodes');
      expect(response.text).not.toContain('activationCodes');
      expectNoMatchingIdentifierIn(response.text, rows);
    });

    it('shows the new activationCodeCount and a later modifiedDateTime on the pool', async () => {
      const pool = await createPool('Touched by import', activationCodes(2));
      await pause(5);
      await importCsv(pool.id, operatorCsv(csvRows(6))).expect(200);
      const { body } = await t.http.get(`${POOLS}/${pool.id}`).expect(200);
      expect(body.activationCodeCount).toBe(8);
      expect(body.modifiedDateTime > pool.modifiedDateTime).toBe(true);
      expect(body).not.toHaveProperty('activationCodes');
    });

    it('appends to the codes the pool already has, import after import', async () => {
      const original = activationCodes(3);
      const pool = await createPool('Appended to', original);
      const first = csvRows(4);
      const second = csvRows(2);

      expect((await importCsv(pool.id, operatorCsv(first)).expect(200)).body).toMatchObject({ imported: 4, activationCodeCount: 7 });
      expect((await importCsv(pool.id, operatorCsv(second)).expect(200)).body).toMatchObject({ imported: 2, activationCodeCount: 9 });

      const expected = [
        ...original.map((code) => code.integratedCircuitCardIdentifier),
        ...first.map((r) => r.iccid),
        ...second.map((r) => r.iccid),
      ];
      expect(await storedIccids(pool.id)).toEqual(expected.sort());
      expect((await t.http.get(`${POOLS}/${pool.id}`).expect(200)).body.activationCodeCount).toBe(9);
    });

    it("accepts the key syntax POOLS('{id}')/activationCodes/$import", async () => {
      const pool = await createPool('Key syntax');
      const response = await t.http
        .post(`${POOLS}('${pool.id}')/activationCodes/$import`)
        .set('Content-Type', 'text/csv')
        .send(operatorCsv(csvRows(2)));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ imported: 2, activationCodeCount: 2 });
    });

    it('accepts an ICCID with a wrong Luhn digit while strict checks are off', async () => {
      const rows = csvRows(3);
      const pool = await createPool('Lenient');
      const lenient = replaceRow(rows, 1, `${withWrongCheckDigit(rows[1].iccid)},${rows[1].matchingIdentifier}`);
      expect((await importCsv(pool.id, operatorCsv(lenient)).expect(200)).body).toMatchObject({ imported: 3 });
    });

    it('lets a tenant import an ICCID that another tenant already stores', async () => {
      const rows = csvRows(3);
      const tenantB = await t.as({ tenantId: TENANT_B });
      const { body: poolOfB } = await tenantB.post(POOLS).send(poolBody('Pool of B', [])).expect(201);
      await importCsv(poolOfB.id, operatorCsv(rows), tenantB).expect(200);
      const pool = await createPool('Same ICCIDs as B');
      expect((await importCsv(pool.id, operatorCsv(rows)).expect(200)).body).toMatchObject({ imported: 3, activationCodeCount: 3 });
    });

    it('imports a 100,000-row file (about 4 MB) in one request', async () => {
      const rows = csvRows(100_000);
      const text = operatorCsv(rows, { eol: '\r\n', trailingNewline: true });
      expect(Buffer.byteLength(text)).toBeGreaterThan(4_000_000);
      const pool = await createPool('Operator batch of 100,000');
      const response = await importCsv(pool.id, text).expect(200);
      expect(response.body).toMatchObject({ imported: 100_000, activationCodeCount: 100_000 });
      expect(await storedCodeCount(t.dataSource, { poolId: pool.id })).toBe(100_000);
      expect((await t.http.get(`${POOLS}/${pool.id}`).expect(200)).body.activationCodeCount).toBe(100_000);
    }, 120_000);
  });

  describe('refused files: a 400 by line number, and nothing stored', () => {
    it.each<[string, (rows: CsvRow[]) => (CsvRow | string)[], RegExp]>([
      ['a bad ICCID on one line in the middle', (rows) => replaceRow(rows, 499, `89445,${rows[499].matchingIdentifier}`), /line 501\b/i],
      ['a 21-digit ICCID', (rows) => replaceRow(rows, 499, `${rows[499].iccid}12,${rows[499].matchingIdentifier}`), /line 501\b/i],
      ['a missing matching identifier', (rows) => replaceRow(rows, 499, rows[499].iccid), /line 501\b/i],
      ['an empty matching identifier', (rows) => replaceRow(rows, 499, `${rows[499].iccid},`), /line 501\b/i],
      [
        'a matching identifier with characters other than letters, digits and hyphens',
        (rows) => replaceRow(rows, 499, `${rows[499].iccid},${rows[499].matchingIdentifier.replace(/-/g, '_')}`),
        /line 501\b/i,
      ],
      ['an extra column', (rows) => replaceRow(rows, 499, `${rows[499].iccid},${rows[499].matchingIdentifier},2026-11-28`), /line 501\b/i],
      [
        'an ICCID repeated further down the file',
        (rows) => replaceRow(rows, 700, `${rows[200].iccid},${rows[700].matchingIdentifier}`),
        new RegExp(`line ${lineOf(700)}\\b`, 'i'),
      ],
    ])('refuses %s among 1,000 rows', async (_, corrupt, line) => {
      const rows = csvRows(1_000);
      const pool = await createPool('Refused import', activationCodes(2));
      const before = await snapshot(pool.id);
      const response = await importCsv(pool.id, operatorCsv(corrupt(rows)));
      expectGraphError(response, 400, 'invalidRequest', line);
      expectNoMatchingIdentifierIn(response.text, rows);
      expect(await snapshot(pool.id)).toEqual(before);
    });

    it('lists the first 20 problems of a file with 30 bad lines and says how many more there are', async () => {
      const rows = csvRows(100);
      // Every third of the first 90 rows: lines 2, 5, 8, … 89. The 20th is line 59, the 21st line 62.
      const lines = rows.map((row, i) => (i % 3 === 0 && i < 90 ? `89445,${row.matchingIdentifier}` : row));
      expect(lines.filter((line) => typeof line === 'string')).toHaveLength(30);
      const pool = await createPool('Many bad lines');
      const before = await snapshot(pool.id);
      const response = await importCsv(pool.id, operatorCsv(lines));
      expectGraphError(response, 400, 'invalidRequest', /line 2\b/i);
      const { message } = response.body.error;
      expect(message).toMatch(/line 59\b/i);
      expect(message).not.toMatch(/line 62\b/i);
      expect(message).toMatch(/\b10\b/);
      expect(message).toMatch(/more/i);
      expectNoMatchingIdentifierIn(response.text, rows);
      expect(await snapshot(pool.id)).toEqual(before);
    });

    it.each<[string, (rows: CsvRow[]) => string]>([
      ['a URL', (rows) => operatorCsv(rows, { smdp: 'https://rsp.contoso-mobile.com/' })],
      ['words with spaces', (rows) => operatorCsv(rows, { smdp: 'rsp contoso mobile' })],
      ['a single label', (rows) => operatorCsv(rows, { smdp: 'localhost' })],
      [
        'a code row (the address line is missing)',
        (rows) => operatorCsv(rows.slice(1), { smdp: `${rows[0].iccid},${rows[0].matchingIdentifier}` }),
      ],
    ])('refuses a first line that is %s rather than an FQDN, naming line 1', async (_, file) => {
      const rows = csvRows(5);
      const pool = await createPool('Bad address line');
      const before = await snapshot(pool.id);
      const response = await importCsv(pool.id, file(rows));
      expectGraphError(response, 400, 'invalidRequest', /line 1\b/i);
      expectNoMatchingIdentifierIn(response.text, rows);
      expect(await snapshot(pool.id)).toEqual(before);
    });

    it.each([
      ['another pool of the tenant', true],
      ['the same pool', false],
    ])('answers 409 naming an ICCID already stored in %s, and stores nothing', async (_, intoAnotherPool) => {
      const [stored] = activationCodes(1);
      const owner = await createPool('Owner of the ICCID', [stored]);
      const target = intoAnotherPool ? await createPool('Import target', activationCodes(1)) : owner;
      const rows = csvRows(50);
      const colliding = replaceRow(rows, 30, `${stored.integratedCircuitCardIdentifier},${rows[30].matchingIdentifier}`);
      const before = { owner: await snapshot(owner.id), target: await snapshot(target.id) };

      const response = await importCsv(target.id, operatorCsv(colliding));

      expectGraphError(response, 409, 'conflict', new RegExp(stored.integratedCircuitCardIdentifier));
      expect(response.text).not.toContain(stored.matchingIdentifier);
      expectNoMatchingIdentifierIn(response.text, rows);
      expect({ owner: await snapshot(owner.id), target: await snapshot(target.id) }).toEqual(before);
    });
  });

  describe('requests refused before any row is read', () => {
    let pool: { id: string };
    let rows: CsvRow[];

    beforeAll(async () => {
      pool = await createPool('Guarded', activationCodes(1));
      rows = csvRows(3);
    });

    it.each<[string, (test: request.Test, csv: string) => request.Test]>([
      [
        'application/json',
        (test) => test.set('Content-Type', 'application/json').send(JSON.stringify({ activationCodes: activationCodes(2) })),
      ],
      ['text/plain', (test, csv) => test.set('Content-Type', 'text/plain').send(csv)],
      ['application/octet-stream', (test, csv) => test.set('Content-Type', 'application/octet-stream').send(csv)],
      ['no Content-Type at all', (test, csv) => test.send(Buffer.from(csv, 'utf8'))],
    ])('answers a body sent as %s with 415 unsupportedMediaType', async (_, send) => {
      const before = await snapshot(pool.id);
      const response = await send(t.http.post(importUrl(pool.id)), operatorCsv(rows));
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expectGraphError(response, 415, 'unsupportedMediaType');
      expect(await snapshot(pool.id)).toEqual(before);
    });

    it.each<[string, (test: request.Test) => request.Test]>([
      ['an empty text/csv body', (test) => test.set('Content-Type', 'text/csv').send('')],
      ['no body at all', (test) => test],
    ])('answers %s with 400', async (_, send) => {
      const before = await snapshot(pool.id);
      expectGraphError(await send(t.http.post(importUrl(pool.id))), 400, 'invalidRequest');
      expect(await snapshot(pool.id)).toEqual(before);
    });

    it('answers 404 for a pool that does not exist', async () => {
      expectGraphError(await importCsv(NEVER_CREATED, operatorCsv(rows)), 404, 'itemNotFound');
    });

    it("answers 404 for another tenant's pool and stores nothing in it", async () => {
      const before = await snapshot(pool.id);
      const tenantB = await t.as({ tenantId: TENANT_B });
      expectGraphError(await importCsv(pool.id, operatorCsv(rows), tenantB), 404, 'itemNotFound');
      expect(await snapshot(pool.id)).toEqual(before);
    });

    it('answers 403 to a token that may only read, and stores nothing', async () => {
      const before = await snapshot(pool.id);
      const reader = await t.as({ tenantId: TENANT_A, permissions: [READ_PERMISSION] });
      expectGraphError(await importCsv(pool.id, operatorCsv(rows), reader), 403, 'accessDenied');
      expect(await snapshot(pool.id)).toEqual(before);
    });
  });

  describe('secrets at rest', () => {
    it('stores each imported matching identifier sealed, never in clear text, and recoverable with the key', async () => {
      const rows = csvRows(20);
      const pool = await createPool('Sealed on import');
      await importCsv(pool.id, operatorCsv(rows, { eol: '\r\n', trailingNewline: true })).expect(200);
      const stored = await storedCodes(t.dataSource, { poolId: pool.id });
      expect(stored).toHaveLength(20);
      expectNoMatchingIdentifierIn(stored.map((row) => row.ciphertext).join('\n'), rows);
      const cipher = t.app.get(SecretCipher);
      for (const row of rows.slice(0, 5)) {
        const sealed = stored.find((candidate) => candidate.iccid === row.iccid);
        expect(sealed).toBeDefined();
        const { ciphertext, keyId } = sealed as { ciphertext: string; keyId: string };
        expect(cipher.open({ ciphertext, keyId }, matchingIdentifierBinding(TENANT_A, row.iccid))).toBe(row.matchingIdentifier);
      }
    });
  });
});

describe('CSV import with strict ICCID checks (ESIM_STRICT_CODES=true)', () => {
  const t = useTestApp({ ESIM_STRICT_CODES: 'true' });
  const { importCsv, createPool, snapshot } = importHelpers(t);

  it('imports ICCIDs with the 89 prefix and a valid Luhn digit', async () => {
    const pool = await createPool('Strict and valid');
    expect((await importCsv(pool.id, operatorCsv(csvRows(10))).expect(200)).body).toMatchObject({ imported: 10, activationCodeCount: 10 });
  });

  it.each<[string, (row: CsvRow) => string, RegExp]>([
    ['a wrong Luhn check digit', (row) => `${withWrongCheckDigit(row.iccid)},${row.matchingIdentifier}`, /Luhn/i],
    [
      'no 89 prefix (and a valid Luhn digit)',
      (row) => `${withCheckDigit(`12${row.iccid.slice(2, -1)}`)},${row.matchingIdentifier}`,
      /\b89\b|prefix/i,
    ],
  ])('refuses an ICCID with %s with a 400 naming the line, and stores nothing', async (_, corrupt, reason) => {
    const rows = csvRows(20);
    const pool = await createPool('Strict and refused');
    const before = await snapshot(pool.id);
    const response = await importCsv(pool.id, operatorCsv(replaceRow(rows, 9, corrupt(rows[9]))));
    expectGraphError(response, 400, 'invalidRequest', new RegExp(`line ${lineOf(9)}\\b`, 'i'));
    expect(response.body.error.message).toMatch(reason);
    expectNoMatchingIdentifierIn(response.text, rows);
    expect(await snapshot(pool.id)).toEqual(before);
  });
});

describe('CSV import: hostile and unusual files', () => {
  const t = useTestApp({}, { captureLogs: true });
  const { importCsv, createPool, snapshot } = importHelpers(t);

  it.each<[string, (rows: CsvRow[]) => string, RegExp]>([
    [
      'a line longer than any operator writes',
      (rows) => operatorCsv(replaceRow(rows, 3, `${rows[3].iccid},${'A'.repeat(5000)}`)),
      /line 5\b.*longer than 4096/i,
    ],
    [
      'a quoted field (quotes are not part of the format)',
      (rows) => operatorCsv(replaceRow(rows, 2, `"${rows[2].iccid}",${rows[2].matchingIdentifier}`)),
      /line 4\b.*'ICCID'/i,
    ],
    ['a blank first line', (rows) => `\n${operatorCsv(rows)}`, /line 1\b.*blank/i],
    ['the address line alone', () => operatorCsv([]), /no activation codes/i],
    [
      'a semicolon-separated file',
      (rows) => operatorCsv(rows.map((row) => `${row.iccid};${row.matchingIdentifier}`)),
      /line 2\b.*expected 2 fields/i,
    ],
  ])('refuses %s with a 400 that says why', async (_, file, message) => {
    const rows = csvRows(6);
    const pool = await createPool('Hostile file');
    const before = await snapshot(pool.id);
    const response = await importCsv(pool.id, file(rows));
    expectGraphError(response, 400, 'invalidRequest', message);
    expectNoMatchingIdentifierIn(response.text, rows);
    expect(await snapshot(pool.id)).toEqual(before);
  });

  it.each<[string, () => string, RegExp]>([
    ['16 MiB of line breaks', () => `${SMDP_ADDRESS}${'\n'.repeat(16 * 1024 * 1024 - 100)}`, /has 16777\d+ lines; at most 200000/],
    ['16 MiB of commas on one line', () => `${SMDP_ADDRESS}\n${','.repeat(16 * 1024 * 1024 - 100)}`, /line 2\b.*longer than 4096/i],
  ])('refuses %s before parsing it, and keeps serving', async (_, file, message) => {
    const pool = await createPool('Hostile bulk');
    expectGraphError(await importCsv(pool.id, file()), 400, 'invalidRequest', message);
    await importCsv(pool.id, operatorCsv(csvRows(2))).expect(200);
  });

  it('accepts blanks around fields, as spreadsheets export them', async () => {
    const rows = csvRows(3);
    const pool = await createPool('Padded fields');
    const padded = operatorCsv(
      rows.map((row) => ` ${row.iccid} ,\t${row.matchingIdentifier} `),
      { smdp: ` ${SMDP_ADDRESS} ` },
    );
    expect((await importCsv(pool.id, padded).expect(200)).body).toEqual({ imported: 3, activationCodeCount: 3 });
  });

  it('refuses a file of more than 100,000 codes, naming the limit, and stores nothing', async () => {
    const rows = csvRows(100_001);
    const pool = await createPool('Too many codes');
    const response = await importCsv(pool.id, operatorCsv(rows));
    expectGraphError(response, 400, 'invalidRequest', /line 100002\b.*at most 100000/i);
    expect(await snapshot(pool.id)).toMatchObject({ inPool: 0, activationCodeCount: 0 });
  }, 120_000);

  it('refuses a charset other than UTF-8 with 415 before reading the body', async () => {
    const pool = await createPool('Latin-1');
    const response = await t.http
      .post(importUrl(pool.id))
      .set('Content-Type', 'text/csv; charset=iso-8859-1')
      .send(operatorCsv(csvRows(2)));
    expectGraphError(response, 415, 'unsupportedMediaType', /charset 'iso-8859-1'.*UTF-8/);
  });

  it('answers JSON to a client that asks for it, and refuses query options', async () => {
    const pool = await createPool('Query options');
    const csv = operatorCsv(csvRows(2));
    const response = await t.http
      .post(importUrl(pool.id))
      .set('Content-Type', 'text/csv')
      .set('Accept', 'application/json')
      .send(csv)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectGraphError(
      await t.http
        .post(`${importUrl(pool.id)}?$select=imported`)
        .set('Content-Type', 'text/csv')
        .send(operatorCsv(csvRows(2))),
      501,
      'notSupported',
    );
  });

  it('never writes a matching identifier of an imported or refused file into the logs', async () => {
    const rows = csvRows(30);
    const pool = await createPool('Logged import');
    await importCsv(pool.id, operatorCsv(rows.slice(0, 10))).expect(200);
    await importCsv(pool.id, operatorCsv(replaceRow(rows.slice(10), 4, `${rows[14].iccid},${rows[14].matchingIdentifier}_`))).expect(400);
    await importCsv(pool.id, operatorCsv(rows.slice(0, 3))).expect(409);
    expect(t.logs.length).toBeGreaterThan(0);
    expectNoMatchingIdentifierIn(t.logs.join('\n'), rows);
  });
});

/**
 * Files over the inline limit are sealed in a worker thread and stored batch by batch while later
 * lines are still being read: a refusal that comes late must still leave nothing behind.
 */
describe('CSV import of files sealed while they are stored', () => {
  const t = useTestApp();
  const { importCsv, createPool, snapshot } = importHelpers(t);
  const LARGE = 12_000;

  it('is over the inline limit, so it takes the streaming path', () => {
    expect(Buffer.byteLength(operatorCsv(csvRows(LARGE)))).toBeGreaterThan(INLINE_PARSE_LIMIT_BYTES);
  });

  it('imports a large file whole', async () => {
    const rows = csvRows(LARGE);
    const pool = await createPool('Large and good', activationCodes(1));
    expect((await importCsv(pool.id, operatorCsv(rows)).expect(200)).body).toEqual({ imported: LARGE, activationCodeCount: LARGE + 1 });
  });

  it('stores nothing when the last line is bad, after ten thousand codes were already stored in the transaction', async () => {
    const rows = csvRows(LARGE);
    const pool = await createPool('Bad at the end', activationCodes(1));
    const before = await snapshot(pool.id);
    const response = await importCsv(pool.id, operatorCsv(replaceRow(rows, LARGE - 1, `${rows[LARGE - 1].iccid},`)));
    expectGraphError(response, 400, 'invalidRequest', new RegExp(`line ${lineOf(LARGE - 1)}\\b`, 'i'));
    expect(await snapshot(pool.id)).toEqual(before);
    await importCsv(pool.id, operatorCsv(csvRows(3))).expect(200);
  });

  it('answers 409 naming the line of an ICCID stored elsewhere, found in a late batch, and stores nothing', async () => {
    const [stored] = activationCodes(1);
    const owner = await createPool('Owner', [stored]);
    const target = await createPool('Target');
    const rows = csvRows(LARGE);
    const late = LARGE - 10;
    const before = { owner: await snapshot(owner.id), target: await snapshot(target.id) };
    const response = await importCsv(
      target.id,
      operatorCsv(replaceRow(rows, late, `${stored.integratedCircuitCardIdentifier},${rows[late].matchingIdentifier}`)),
    );
    expectGraphError(response, 409, 'conflict', new RegExp(`'${stored.integratedCircuitCardIdentifier}' \\(line ${lineOf(late)}\\)`));
    expect({ owner: await snapshot(owner.id), target: await snapshot(target.id) }).toEqual(before);
  });

  it('answers 404 for an unknown pool without waiting for the file to be sealed, and keeps serving', async () => {
    expectGraphError(await importCsv(NEVER_CREATED, operatorCsv(csvRows(LARGE))), 404, 'itemNotFound');
    const pool = await createPool('After a 404');
    await importCsv(pool.id, operatorCsv(csvRows(LARGE))).expect(200);
  });
});
