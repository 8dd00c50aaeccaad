import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { SCOPES } from './config';

const MINT_TIMEOUT_MS = 60_000;

/**
 * A dev bearer token from the service's own command (spec §13: `npm run token`, last line of stdout),
 * minted with the dev key under `dataDir`. Resolves to undefined, after one warning, while that
 * command does not exist yet: the service then runs every request as its default tenant.
 */
export function mintToken(dataDir: string, tenantId: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['run', '--silent', 'token', '--', '--tenant', tenantId, '--scopes', SCOPES],
      { cwd: resolve(__dirname, '..'), env: { ...process.env, DATA_DIR: dataDir }, timeout: MINT_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const token = stdout.trim().split('\n').at(-1)?.trim() ?? '';
        if (error || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
          const why = (stderr.trim().split('\n').at(-1) ?? '') || error?.message || 'its last line is not a JWT';
          console.warn(`WARNING: could not mint a dev token (npm run token: ${why.slice(0, 200)}); requests go without Authorization.`);
          done(undefined);
          return;
        }
        done(token);
      },
    );
  });
}

/** The same header goes to both servers: the baseline verifies it with the service's dev key, as the service does. */
export function authorizationHeaders(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}
