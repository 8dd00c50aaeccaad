import { parseArgs } from 'node:util';
import { isGuid } from '../common/guid';
import { ConfigError, loadConfig } from '../config/app-config';
import { loadOrCreateDevSigningKey, mintDevToken } from '../identity/dev-signing-key';
import { WRITE_PERMISSION } from '../identity/permissions';

const USAGE = `Usage: npm run token -- --tenant <tenant guid> [--scopes "<scope> <scope>"] [--app] [--app-id <guid>] [--expires-in <seconds>]
Prints a bearer token signed by the dev key under DATA_DIR (AUTH_MODE=dev) as the last line.
  --scopes      space-separated permissions (default ${WRITE_PERMISSION})
  --app         an application token: the permissions go into "roles" instead of "scp"`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      scopes: { type: 'string', default: WRITE_PERMISSION },
      app: { type: 'boolean', default: false },
      'app-id': { type: 'string' },
      'expires-in': { type: 'string', default: '3600' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!isGuid(values.tenant)) throw new UsageError('--tenant must be a tenant id (GUID).');
  const expiresInSeconds = Number(values['expires-in']);
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0)
    throw new UsageError('--expires-in must be a positive number of seconds.');
  const config = loadConfig(process.env);
  if (config.auth.mode !== 'dev') throw new UsageError('AUTH_MODE is not dev: tokens come from your identity provider.');
  const token = await mintDevToken(loadOrCreateDevSigningKey(config.dataDir), {
    tenantId: values.tenant.toLowerCase(),
    permissions: values.scopes.split(' ').filter(Boolean),
    app: values.app,
    appId: values['app-id'],
    expiresInSeconds,
  });
  console.log(
    `# ${values.app ? 'Application' : 'Delegated'} dev token for tenant ${values.tenant}, valid ${expiresInSeconds} s. Send it as: Authorization: Bearer <token>`,
  );
  console.log(token);
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  const known = error instanceof UsageError || error instanceof ConfigError;
  console.error(known ? `${error.message}\n\n${USAGE}` : error);
  process.exit(known ? 2 : 1);
});
