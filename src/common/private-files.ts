import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner-only: the key files and the database (plain ICCIDs) are nobody else's business. */
const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * The contents of a private file, created with `create()` if absent. Created with an exclusive write,
 * so two processes starting at once agree on one content; made owner-only whatever its mode was
 * and whatever the directory's mode is.
 */
export function readOrCreatePrivateFile(path: string, create: () => string | Buffer): { contents: Buffer; created: boolean } {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  let created = false;
  try {
    writeFileSync(path, create(), { flag: 'wx', mode: PRIVATE_FILE_MODE });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, PRIVATE_FILE_MODE);
  return { contents: readFileSync(path), created };
}

/** Creates `path` empty and owner-only if absent, and makes it and its `siblings` that exist owner-only. */
export function ensurePrivateFile(path: string, siblings: readonly string[] = []): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, ...siblings]) if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
