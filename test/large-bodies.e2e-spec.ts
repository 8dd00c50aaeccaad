import { INLINE_PARSE_LIMIT_BYTES } from '../src/graph/body/unparsed-body';
import { activationCodes, iccid, poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { POOLS, useTestApp } from './support/test-app';

/**
 * Bodies over INLINE_PARSE_LIMIT_BYTES are parsed, checked and sealed in a worker thread, so that the
 * event loop keeps serving other tenants: the answers must be exactly those of the inline path.
 */
describe('large bodies are prepared off the event loop with the same rules', () => {
  const t = useTestApp({ ESIM_STRICT_CODES: 'true' });

  /** Enough valid codes to push a body over the inline limit. */
  const PADDING = Math.ceil(INLINE_PARSE_LIMIT_BYTES / 100);

  const variants = (make: (padding: number) => string) => ({ small: make(0), large: make(PADDING) });

  it.each<[string, (padding: number) => string, number, RegExp]>([
    ['malformed JSON', (padding) => JSON.stringify(poolBody('x', activationCodes(padding))).slice(0, -1), 400, /not valid JSON/],
    [
      'an unknown property',
      (padding) => JSON.stringify({ ...poolBody('x', activationCodes(padding)), colour: 'red' }),
      400,
      /'colour' does not exist/,
    ],
    [
      'a constructor property',
      (padding) => JSON.stringify(poolBody('x', activationCodes(padding))).replace('{', '{"constructor": 1,'),
      400,
      /'constructor' does not exist/,
    ],
    [
      'a bad ICCID at the end',
      (padding) => {
        const codes = activationCodes(padding + 1);
        return JSON.stringify(poolBody('x', [...codes.slice(0, -1), { ...codes[padding], integratedCircuitCardIdentifier: '12' }]));
      },
      400,
      /integratedCircuitCardIdentifier' must be 19 or 20 digits/,
    ],
    [
      'a repeated ICCID',
      (padding) => {
        const codes = activationCodes(padding + 1);
        return JSON.stringify(poolBody('x', [...codes, codes[0]]));
      },
      400,
      /repeats the ICCID/,
    ],
    [
      'an ICCID with a wrong Luhn digit (strict mode)',
      (padding) => {
        const codes = activationCodes(padding + 1);
        const bad = iccid(999_999).slice(0, -1) + String((Number(iccid(999_999).slice(-1)) + 1) % 10);
        return JSON.stringify(poolBody('x', [...codes, { ...codes[0], integratedCircuitCardIdentifier: bad }]));
      },
      400,
      /Luhn/,
    ],
    [
      'a lone surrogate',
      (padding) => JSON.stringify(poolBody('x', activationCodes(padding))).replace('"x"', '"x\\ud800"'),
      400,
      /lone UTF-16 surrogate/,
    ],
  ])('%s: the same answer inline and from the worker', async (_, make, status, message) => {
    const { small, large } = variants(make);
    expect(Buffer.byteLength(large)).toBeGreaterThan(INLINE_PARSE_LIMIT_BYTES);
    const inline = await t.http.post(POOLS).set('Content-Type', 'application/json').send(small);
    const worker = await t.http.post(POOLS).set('Content-Type', 'application/json').send(large);
    expectGraphError(inline, status, 'invalidRequest', message);
    expectGraphError(worker, status, 'invalidRequest', message);
  });

  it.each<[string, () => string]>([
    ['five million empty objects', () => JSON.stringify({ displayName: 'x', activationCodes: new Array(5_000_000).fill({}) })],
    ['three million numbers', () => JSON.stringify({ displayName: 'x', activationCodes: new Array(3_000_000).fill(0) })],
  ])('refuses a 16 MiB body of %s before parsing it, with a 400 that names the limit, and keeps serving', async (_, make) => {
    const body = make();
    expect(Buffer.byteLength(body)).toBeLessThan(16 * 1024 * 1024);
    const response = await t.http.post(POOLS).set('Content-Type', 'application/json').send(body);
    expectGraphError(response, 400, 'invalidRequest', /more than 600000 JSON elements/);
    await t.http.get(POOLS).expect(200);
  });

  it('creates a large pool, echoing exactly the codes sent, and names a stored ICCID in a 409', async () => {
    const codes = activationCodes(PADDING * 2);
    const created = await t.http.post(POOLS).send(poolBody('Large', codes)).expect(201);
    expect(created.headers['content-type']).toMatch(/^application\/json;odata\.metadata=minimal/);
    expect(created.body.activationCodes).toEqual(codes);
    expect(created.body.activationCodeCount).toBe(codes.length);

    const clash = await t.http.post(POOLS).send(poolBody('Clashes', [...activationCodes(PADDING), codes[7]]));
    expectGraphError(clash, 409, 'conflict', new RegExp(`ICCID '${codes[7].integratedCircuitCardIdentifier}'`));
    expect(clash.body.error.message).not.toContain(codes[7].matchingIdentifier);
  });

  it("replaces a pool's codes with a large PATCH", async () => {
    const { body: pool } = await t.http
      .post(POOLS)
      .send(poolBody('To replace', activationCodes(3)))
      .expect(201);
    const replacement = activationCodes(PADDING * 2);
    await t.http.patch(`${POOLS}/${pool.id}`).send({ activationCodes: replacement }).expect(204);
    const { body } = await t.http.get(`${POOLS}/${pool.id}`).expect(200);
    expect(body.activationCodeCount).toBe(replacement.length);
  });
});
