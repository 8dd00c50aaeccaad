import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap/create-app';
import { loadConfig } from '../src/config/app-config';
import type { OpenApiDocument } from '../src/odata/openapi/openapi-types';
import { COLLECTION_FILE, ENVIRONMENT_FILE, postmanFiles } from './collection-generator';

/**
 * `npm run postman:generate`: the OpenAPI document exactly as the service serves it (the application
 * built as `main.ts` builds it, on a throw-away data directory, never listening), turned into the
 * committed collection and environment.
 */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esim-postman-'));
  try {
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    try {
      const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/beta/openapi.json' });
      const files = postmanFiles(response.json<OpenApiDocument>());
      writeFileSync(COLLECTION_FILE, files.collection);
      writeFileSync(ENVIRONMENT_FILE, files.environment);
      console.log(`Wrote ${COLLECTION_FILE} and ${ENVIRONMENT_FILE}`);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
