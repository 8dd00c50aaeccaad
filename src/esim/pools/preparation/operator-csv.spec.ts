import { randomBytes } from 'node:crypto';
import { CsvText } from '../../../graph/body/csv-text';
import { SecretCipher } from '../../../secrets/secret-cipher';
import { luhnCheckDigit } from '../iccid';
import { ImportBatch, prepareOperatorCsv, sealOperatorCsv } from './operator-csv';
import { matchingIdentifierBinding, unpackBatch } from './prepared-codes';

const TENANT = 'a3c1e5f7-0b2d-4e6f-8a1c-3e5f7a9b1d2f';
const cipher = new SecretCipher(randomBytes(32));
const context = { tenantId: TENANT, strictCodes: false, cipher };

const iccid = (serial: number) => {
  const payload = `894450${String(serial).padStart(12, '0')}`;
  return payload + luhnCheckDigit(payload);
};
const mid = (serial: number) => `K${serial}-SECRET-${serial * 7}`;
const csv = (lines: string[], eol = '\n') => new CsvText(Buffer.from(lines.join(eol)));
const failureOf = async (body: CsvText) => {
  const error = await sealOperatorCsv(body, context, () => undefined).then(
    () => undefined,
    (thrown: Error) => thrown,
  );
  if (error === undefined) throw new Error('the file was accepted');
  return error.message;
};

describe('sealOperatorCsv', () => {
  const seal = async (body: CsvText) => {
    const batches: ImportBatch[] = [];
    await sealOperatorCsv(body, context, (batch) => batches.push(batch));
    return batches;
  };

  it('seals every code for its tenant and ICCID, and records the line each came from', async () => {
    const batches = await seal(
      csv(
        ['\uFEFFrsp.contoso-mobile.com', `${iccid(1)},${mid(1)}`, '', `${iccid(2)},${mid(2)}`, '', '', `${iccid(3)},${mid(3)}`, ''],
        '\r\n',
      ),
    );
    expect(batches).toHaveLength(1);
    const [{ rows, keyId, lines }] = batches;
    expect([...lines]).toEqual([2, 4, 7]);
    const stored = unpackBatch(rows);
    expect(stored.map(([storedIccid]) => storedIccid)).toEqual([iccid(1), iccid(2), iccid(3)]);
    stored.forEach(([storedIccid, ciphertext, address], index) => {
      expect(address).toBe('rsp.contoso-mobile.com');
      expect(cipher.open({ ciphertext, keyId }, matchingIdentifierBinding(TENANT, storedIccid))).toBe(mid(index + 1));
    });
  });

  it('hands on full batches of 1,000 codes as it goes, each with its own lines', async () => {
    const lines = ['rsp.contoso-mobile.com', ...Array.from({ length: 2_500 }, (_, i) => `${iccid(10_000 + i)},${mid(i)}`)];
    const batches = await seal(csv(lines));
    expect(batches.map((batch) => batch.lines.length)).toEqual([1000, 1000, 500]);
    expect(batches.map((batch) => unpackBatch(batch.rows).length)).toEqual([1000, 1000, 500]);
    expect([batches[1].lines[0], batches[2].lines[499]]).toEqual([1002, 2501]);
  });

  it('gives the same batches through prepareOperatorCsv, only once the whole file is checked', async () => {
    const prepared = await prepareOperatorCsv(csv(['rsp.contoso-mobile.com', `${iccid(5)},${mid(5)}`]), context);
    const received: ImportBatch[] = [];
    for await (const batch of prepared.batches) received.push(batch);
    expect(received.map((batch) => [...batch.lines])).toEqual([[2]]);
  });

  it('names each bad line, up to 20 of them, never quoting a matching identifier', async () => {
    const lines = [
      'rsp.contoso-mobile.com',
      ...Array.from({ length: 40 }, (_, i) => `${i % 2 === 0 ? 'not-an-iccid' : iccid(i)},${mid(i)}`),
    ];
    const message = await failureOf(csv(lines));
    expect(message).toMatch(/^The CSV file was not imported; nothing was stored\. Line 2: 'ICCID' must be 19 or 20 digits\./);
    expect(message.match(/Line \d+:/g)).toHaveLength(20);
    expect(message).toMatch(/Line 40: 'ICCID' must be 19 or 20 digits\.$/);
    expect(message).not.toMatch(/more problems/);
    for (let i = 0; i < 40; i++) expect(message).not.toContain(mid(i));
  });

  it('counts the problems beyond the first 20', async () => {
    const lines = ['rsp.contoso-mobile.com', ...Array.from({ length: 25 }, (_, i) => `${i},${mid(i)}`)];
    expect(await failureOf(csv(lines))).toMatch(/Line 21: .*\(5 more problems not listed\.\)$/);
  });

  it('names the earlier line of a repeated ICCID', async () => {
    const message = await failureOf(
      csv(['rsp.contoso-mobile.com', `${iccid(1)},${mid(1)}`, `${iccid(2)},${mid(2)}`, `${iccid(1)},${mid(3)}`]),
    );
    expect(message).toMatch(`Line 4: 'ICCID' repeats the ICCID '${iccid(1)}' of line 2`);
  });

  it('applies the strict ICCID checks when they are on', async () => {
    const wrongDigit = iccid(5).slice(0, -1) + String((Number(iccid(5).at(-1)) + 1) % 10);
    const strict = { ...context, strictCodes: true };
    await expect(prepareOperatorCsv(csv(['rsp.contoso-mobile.com', `${wrongDigit},${mid(5)}`]), strict)).rejects.toThrow(/Line 2: .*Luhn/);
    await expect(prepareOperatorCsv(csv(['rsp.contoso-mobile.com', `${wrongDigit},${mid(5)}`]), context)).resolves.toMatchObject({
      kind: 'import',
    });
  });

  it('refuses an empty body and a body of blank lines with different messages', async () => {
    expect(await failureOf(new CsvText(Buffer.alloc(0)))).toMatch(/empty/);
    expect(await failureOf(csv(['', '', '']))).toMatch(/Line 1: the line is blank/);
  });
});
