import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SecretCipher } from './secret-cipher';

/**
 * The dev mode's code key, created on first start under DATA_DIR (exclusive write, so concurrent
 * starts agree). Outside dev mode the configuration requires ESIM_CODE_KEY instead.
 */
function loadOrCreateDevCodeKey(dataDir: string): Buffer {
  const directory = join(dataDir, 'secrets');
  const file = join(directory, 'code-key');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    new Logger('Secrets').warn(`Generated a development key for activation codes at ${file}; set ESIM_CODE_KEY in production.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

/** Encryption of secrets at rest. */
@Global()
@Module({
  providers: [
    {
      provide: SecretCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new SecretCipher(config.esim.codeKey ?? loadOrCreateDevCodeKey(config.dataDir), config.esim.previousCodeKeys),
    },
  ],
  exports: [SecretCipher],
})
export class SecretsModule {}
