import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REPOSITORY = join(__dirname, '..', '..');

/** Reads the document from stdin, validates it and writes the verdict (`{ valid, errors? }`) as JSON. */
const VALIDATE = `
import { Validator } from '@seriousme/openapi-schema-validator';
let text = '';
for await (const chunk of process.stdin) text += chunk;
process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(text))));
`;

/**
 * Validates an OpenAPI document with @seriousme/openapi-schema-validator (the OpenAPI Initiative's
 * JSON Schemas for 3.0 and 3.1, with Ajv). It is an ES module, which jest's CommonJS runtime cannot
 * load, so it runs in a Node process of its own.
 */
export async function validateOpenApi(document: object): Promise<{ valid: boolean; errors?: unknown }> {
  const validation = promisify(execFile)(process.execPath, ['--input-type=module', '--eval', VALIDATE], { cwd: REPOSITORY });
  validation.child.stdin?.end(JSON.stringify(document));
  const { stdout } = await validation;
  return JSON.parse(stdout) as { valid: boolean; errors?: unknown };
}
