import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuthenticationGate } from './authentication.gate';
import { loadOrCreateDevSigningKey } from './dev-signing-key';
import { TokenVerifier } from './token-verifier';
import { DevTokenVerifier, JwksTokenVerifier } from './token-verifiers';

/** Identity and tenancy: who the caller is, what they may do, and which tenant's data they see. */
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [AppConfig],
      useFactory: (config: AppConfig): TokenVerifier => {
        if (config.auth.mode === 'jwks') return new JwksTokenVerifier(config.auth);
        new Logger('Identity').log(
          `AUTH_MODE=dev: tokens are signed by the key under ${config.dataDir}/dev-auth. Mint one with ` +
            `npm run token -- --tenant <tenant guid> --scopes "DeviceManagementConfiguration.ReadWrite.All"`,
        );
        return new DevTokenVerifier(loadOrCreateDevSigningKey(config.dataDir));
      },
    },
    AuthenticationGate,
  ],
  exports: [AuthenticationGate],
})
export class IdentityModule {}
