import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { readOrCreatePrivateFile } from '../common/private-files';
import { AppConfig } from '../config/app-config';
import { SecretCipher } from './secret-cipher';

/**
 * The cipher for activation codes a configuration describes: ESIM_CODE_KEY (or, in dev mode, a key
 * created under DATA_DIR on first start) seals; ESIM_CODE_KEYS_PREVIOUS only open. The service and
 * the command-line tools build it the same way.
 */
export function codeCipherFor(config: {
  readonly dataDir: string;
  readonly esim: Pick<AppConfig['esim'], 'codeKey' | 'previousCodeKeys'>;
}): SecretCipher {
  return new SecretCipher(config.esim.codeKey ?? loadOrCreateDevCodeKey(config.dataDir), config.esim.previousCodeKeys);
}

/** Created with an exclusive write, so concurrent starts agree; outside dev mode ESIM_CODE_KEY is required instead. */
function loadOrCreateDevCodeKey(dataDir: string): Buffer {
  const file = join(dataDir, 'secrets', 'code-key');
  const { contents, created } = readOrCreatePrivateFile(file, () => randomBytes(32).toString('base64'));
  if (created) new Logger('Secrets').warn(`Generated a development key for activation codes at ${file}; set ESIM_CODE_KEY in production.`);
  return Buffer.from(contents.toString('utf8').trim(), 'base64');
}
