import { Response } from 'supertest';
import { GUID_SOURCE } from '../../src/common/guid';

/** Ids the service generates: GUIDs in lower case only (spec §1). */
export const GUID = new RegExp(`^${GUID_SOURCE.replace(/A-F/g, '')}$`);

/** Asserts a Graph error response (spec §7): status, code, a message, and the innerError ids. */
export function expectGraphError(response: Response, status: number, code: string, message?: RegExp): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  const { error } = response.body;
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(10);
  if (message) expect(error.message).toMatch(message);
  expect(error.innerError['request-id']).toMatch(GUID);
  expect(error.innerError['request-id']).toBe(response.headers['request-id']);
  expect(error.innerError['client-request-id']).toBe(response.headers['client-request-id']);
  expect(error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
}
