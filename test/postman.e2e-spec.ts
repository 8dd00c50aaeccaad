import { readFileSync } from 'node:fs';
import { COLLECTION_FILE, ENVIRONMENT_FILE, postmanFiles } from '../postman/collection-generator';
import { runCollection } from '../postman/run-collection';
import { useListeningPort } from './support/raw-http';
import { TENANT_A, useTestApp } from './support/test-app';

/**
 * The committed Postman collection (`postman/`): generated from the OpenAPI document, and green when
 * newman runs it against the service, as `npm run test:postman` runs it against the built one.
 */
describe('the Postman collection', () => {
  const t = useTestApp();
  const port = useListeningPort(t);

  it('is what `npm run postman:generate` makes of the current OpenAPI document', async () => {
    const { body: document } = await t.http.get('/beta/openapi.json').expect(200);
    const generated = postmanFiles(document);
    // When this fails, the document changed: run `npm run postman:generate` and commit the result.
    expect(readFileSync(COLLECTION_FILE, 'utf8')).toBe(generated.collection);
    expect(readFileSync(ENVIRONMENT_FILE, 'utf8')).toBe(generated.environment);
  });

  it('passes every test of every request when newman runs it against the service', async () => {
    const token = await t.token({ tenantId: TENANT_A });
    const run = await runCollection({ baseUrl: `http://127.0.0.1:${port()}`, token });
    expect(run.failures).toEqual([]);
    expect(run.requests).toBeGreaterThanOrEqual(30);
    expect(run.assertions).toBeGreaterThan(2 * run.requests);
  }, 60_000);
});
