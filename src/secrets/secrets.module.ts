import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { codeCipherFor } from './code-cipher';
import { SecretCipher } from './secret-cipher';

/** Encryption of secrets at rest. */
@Global()
@Module({
  providers: [{ provide: SecretCipher, inject: [AppConfig], useFactory: codeCipherFor }],
  exports: [SecretCipher],
})
export class SecretsModule {}
