import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivationCode } from '../src/esim/pools/activation-code';
import { matchingIdentifierBinding } from '../src/esim/pools/preparation/prepared-codes';
import { INLINE_PARSE_LIMIT_BYTES } from '../src/graph/body/unparsed-body';
import { SecretCipher } from '../src/secrets/secret-cipher';
import { CsvRow, csvRows, operatorCsv, replaceRow } from './support/csv-fixtures';
import { activationCodes, poolBody } from './support/fixtures';
import { storedCodes } from './support/stored-codes';
import { POOLS, TENANT_A, TENANT_B, useTestApp } from './support/test-app';
import { testDatabaseEnv } from './support/test-database';

const REPOSITORY = join(__dirname, '..');
const NEVER_CREATED = '0d3e5f7a-9b1c-4d2e-8f3a-5b7c9d1e3f5a';

interface CommandRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run import -- …args` from the sources, in a process of its own, with only `env` (and PATH) set. */
async function runImport(args: readonly string[], env: Record<string, string>): Promise<CommandRun> {
  const child = spawn(process.execPath, ['--require', 'ts-node/register', 'src/cli/import-codes.ts', ...args], {
    cwd: REPOSITORY,
    env: { PATH: process.env.PATH, ...env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { status, stdout, stderr };
}

/** Spec §4: no output of the command, errors included, quotes a matching identifier of the file. */
function expectNoMatchingIdentifierIn({ stdout, stderr }: CommandRun, rows: readonly CsvRow[]) {
  expect(rows.map((row) => row.matchingIdentifier).filter((secret) => stdout.includes(secret) || stderr.includes(secret))).toEqual([]);
}

/** Issue #10, item 7: `npm run import` appends an operator CSV through the service's own import. */
describe('the import command (npm run import)', () => {
  jest.setTimeout(60_000);
  const t = useTestApp();
  let files: string;
  let fileCount = 0;

  beforeAll(() => (files = mkdtempSync(join(tmpdir(), 'esim-import-cli-'))));
  afterAll(() => rmSync(files, { recursive: true, force: true }));

  const csvFile = (text: string) => {
    const path = join(files, `codes-${++fileCount}.csv`);
    writeFileSync(path, text);
    return path;
  };
  const importInto = (args: readonly string[], env: Record<string, string> = {}) =>
    runImport(args, { DATA_DIR: t.config.dataDir, ...testDatabaseEnv(t.config.dataDir), ...env });

  async function createPool(displayName: string, codes: ActivationCode[] = [], tenantId = TENANT_A): Promise<{ id: string }> {
    const client = tenantId === TENANT_A ? t.http : await t.as({ tenantId });
    return (await client.post(POOLS).send(poolBody(displayName, codes)).expect(201)).body;
  }

  /** What the service answers about the pool, and the rows it stores for it. */
  async function stored(poolId: string, tenantId = TENANT_A) {
    const client = tenantId === TENANT_A ? t.http : await t.as({ tenantId });
    const { body } = await client.get(`${POOLS}/${poolId}`).expect(200);
    const rows = await storedCodes(t.dataSource, { poolId });
    return { activationCodeCount: body.activationCodeCount as number, rows };
  }

  describe('a good file', () => {
    it('is imported whole through the worker when large, with one plain progress line per batch and a summary', async () => {
      const rows = csvRows(12_000);
      const text = operatorCsv(rows, { eol: '\r\n', trailingNewline: true });
      expect(Buffer.byteLength(text)).toBeGreaterThan(INLINE_PARSE_LIMIT_BYTES);
      const pool = await createPool('Imported from the command line', activationCodes(1));

      const run = await importInto(['--tenant', TENANT_A, '--pool', pool.id, csvFile(text)]);

      expect(run).toMatchObject({ status: 0 });
      expect(run.stdout).toMatch(
        new RegExp(
          `^Imported 12,000 activation codes into 'Imported from the command line' \\(${pool.id}\\); ` +
            'its activationCodeCount is now 12,001\\. Took \\d+\\.\\d s\\.\\n$',
        ),
      );
      const progress = run.stderr.split('\n').filter((line) => line.startsWith('Written'));
      expect(progress).toHaveLength(12);
      expect(progress[0]).toBe('Written 1,000 of 12,000 activation codes (8%)');
      expect(progress.at(-1)).toBe('Written 12,000 of 12,000 activation codes (100%)');
      expect(run.stdout + run.stderr).not.toContain('\r');
      expectNoMatchingIdentifierIn(run, rows);

      const after = await stored(pool.id);
      expect(after.activationCodeCount).toBe(12_001);
      const imported = new Map(rows.map((row) => [row.iccid, row.matchingIdentifier]));
      const importedRows = after.rows.filter((row) => imported.has(row.iccid));
      expect(importedRows).toHaveLength(12_000);
      // Sealed as the service seals: its own cipher opens them, bound to the tenant and ICCID.
      const cipher = t.app.get(SecretCipher);
      for (const row of importedRows.slice(0, 50)) {
        expect(cipher.open(row, matchingIdentifierBinding(TENANT_A, row.iccid))).toBe(imported.get(row.iccid));
      }
    });

    it('finds the pool by its display name in the tenant alone (--name)', async () => {
      const rows = csvRows(5);
      const pool = await createPool('Picked by name');
      await createPool('Picked by name', [], TENANT_B);

      const run = await importInto(['--tenant', TENANT_A, '--name', 'Picked by name', csvFile(operatorCsv(rows))]);

      expect(run).toMatchObject({ status: 0 });
      expect(run.stdout).toMatch(
        new RegExp(`^Imported 5 activation codes into 'Picked by name' \\(${pool.id}\\); its activationCodeCount is now 5\\.`),
      );
      expect((await stored(pool.id)).rows.map((row) => row.iccid)).toEqual(rows.map((row) => row.iccid).sort());
    });
  });

  describe('refusals: a non-zero exit, one clear message, nothing stored', () => {
    it('names the lines of a file with bad rows, one per line of output, and stores none of it', async () => {
      const rows = csvRows(1_000);
      const pool = await createPool('Bad rows', activationCodes(2));
      const before = await stored(pool.id);
      const bad = replaceRow(replaceRow(rows, 499, `89445,${rows[499].matchingIdentifier}`) as CsvRow[], 700, `${rows[700].iccid},`);

      const run = await importInto(['--tenant', TENANT_A, '--pool', pool.id, csvFile(operatorCsv(bad))]);

      expect(run).toMatchObject({ status: 1, stdout: '' });
      expect(run.stderr).toMatch(/^Import refused: The CSV file was not imported; nothing was stored\.$/m);
      expect(run.stderr).toMatch(/^ {2}Line 501: 'ICCID' must be 19 or 20 digits\.$/m);
      expect(run.stderr).toMatch(/^ {2}Line 702: 'MatchingID' /m);
      expectNoMatchingIdentifierIn(run, rows);
      expect(await stored(pool.id)).toEqual(before);
    });

    it('names the ICCID and line of a code the tenant already stores, and stores nothing', async () => {
      const [taken] = activationCodes(1);
      const owner = await createPool('Owner of an ICCID', [taken]);
      const pool = await createPool('Import with a taken ICCID');
      const rows = csvRows(20);
      const colliding = replaceRow(rows, 10, `${taken.integratedCircuitCardIdentifier},${rows[10].matchingIdentifier}`);

      const run = await importInto(['--tenant', TENANT_A, '--pool', pool.id, csvFile(operatorCsv(colliding))]);

      expect(run).toMatchObject({ status: 1, stdout: '' });
      expect(run.stderr).toContain(`The ICCID '${taken.integratedCircuitCardIdentifier}' (line 12) is already stored in this tenant`);
      expect(run.stderr).not.toContain(taken.matchingIdentifier);
      expectNoMatchingIdentifierIn(run, rows);
      expect(await stored(pool.id)).toMatchObject({ activationCodeCount: 0, rows: [] });
      expect((await stored(owner.id)).activationCodeCount).toBe(1);
    });

    it("answers an unknown pool and another tenant's pool alike (as the 404 does)", async () => {
      const rows = csvRows(3);
      const file = csvFile(operatorCsv(rows));
      const poolOfB = await createPool('Pool of B', [], TENANT_B);

      for (const poolId of [NEVER_CREATED, poolOfB.id]) {
        const run = await importInto(['--tenant', TENANT_A, '--pool', poolId, file]);
        expect(run).toMatchObject({ status: 1, stdout: '' });
        expect(run.stderr).toMatch(new RegExp(`^No pool with id ${poolId} in tenant ${TENANT_A} \\(database .*\\)\\.\\n$`));
      }
      expect((await stored(poolOfB.id, TENANT_B)).activationCodeCount).toBe(0);
    });

    it('refuses a --name no pool of the tenant has, and one that several have, listing their ids', async () => {
      const file = csvFile(operatorCsv(csvRows(3)));
      await createPool('Only in B', [], TENANT_B);
      const twins = [await createPool('Twins'), await createPool('Twins')];

      const none = await importInto(['--tenant', TENANT_A, '--name', 'Only in B', file]);
      expect(none).toMatchObject({ status: 1, stdout: '' });
      expect(none.stderr).toMatch(
        new RegExp(`^No pool named 'Only in B' in tenant ${TENANT_A} \\(database .*\\); names are compared exactly\\.\\n$`),
      );

      const several = await importInto(['--tenant', TENANT_A, '--name', 'Twins', file]);
      expect(several).toMatchObject({ status: 1, stdout: '' });
      expect(several.stderr).toMatch(/^2 pools are named 'Twins' in tenant .*: .*\. Choose one with --pool <id>\.\n$/);
      for (const twin of twins) {
        expect(several.stderr).toContain(twin.id);
        expect((await stored(twin.id)).activationCodeCount).toBe(0);
      }
    });

    it('refuses to seal codes under a key other than the one the stored codes are sealed under', async () => {
      const pool = await createPool('Sealed under the dev key', activationCodes(1));
      const rows = csvRows(3);
      const otherKey = randomBytes(32).toString('base64');

      const run = await importInto(['--tenant', TENANT_A, '--pool', pool.id, csvFile(operatorCsv(rows))], { ESIM_CODE_KEY: otherKey });

      expect(run).toMatchObject({ status: 1, stdout: '' });
      expect(run.stderr).toMatch(
        /^The database holds activation codes sealed under keys this configuration does not have \(key ids [0-9a-f]+\): set ESIM_CODE_KEY/m,
      );
      expect(run.stderr).not.toContain(otherKey);
      expect((await stored(pool.id)).activationCodeCount).toBe(1);
    });

    it('says in one line that the file is missing', async () => {
      const pool = await createPool('Waiting for a file');
      const run = await importInto(['--tenant', TENANT_A, '--pool', pool.id, 'no-such-codes.csv']);
      expect(run).toMatchObject({ status: 1, stdout: '', stderr: 'Cannot read no-such-codes.csv: no such file.\n' });
    });
  });

  describe('arguments', () => {
    it('prints the usage for --help', async () => {
      const run = await importInto(['--help']);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(
        /^Usage: npm run import -- --tenant <tenant guid> \(--pool <pool id> \| --name <display name>\) <codes\.csv>\n/,
      );
    });

    it.each<[string, string[], RegExp]>([
      ['no tenant', ['--pool', NEVER_CREATED, 'codes.csv'], /^--tenant must be a tenant id \(GUID\)\.$/],
      [
        'both --pool and --name',
        ['--tenant', TENANT_A, '--pool', NEVER_CREATED, '--name', 'Pool', 'codes.csv'],
        /^Name the pool with either --pool or --name\.$/,
      ],
      ['an unknown option', ['--tenant', TENANT_A, '--pool', NEVER_CREATED, '--create', 'codes.csv'], /^Unknown option '--create'/],
    ])('refuses %s with exit code 2, a one-line reason and the usage', async (_, args, reason) => {
      const run = await importInto(args);
      expect(run).toMatchObject({ status: 2, stdout: '' });
      const [first, blank, usage] = run.stderr.split('\n');
      expect(first).toMatch(reason);
      expect([blank, usage]).toEqual(['', expect.stringMatching(/^Usage: npm run import /)]);
    });
  });
});
