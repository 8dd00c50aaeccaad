import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SecretCipher } from '../secrets/secret-cipher';
import { EdmModel } from './edm/edm-model';
import { MetadataController } from './metadata/metadata.controller';
import { ODataQueryExecutor } from './query/odata-query-executor';
import { SkipTokenCodec } from './query/paging/skip-token';
import { EntitySerializer } from './serialization/entity-serializer';
import { ODataOutputFormatter } from './serialization/odata-output-formatter';
import { ODataRequestGuard } from './odata-request.guard';
import { ServiceDocumentController } from './service-document.controller';

/** The generic OData protocol layer: the model, response rendering, the service document and `$metadata`. */
@Global()
@Module({
  controllers: [ServiceDocumentController, MetadataController],
  providers: [
    EdmModel,
    EntitySerializer,
    ODataQueryExecutor,
    {
      provide: SkipTokenCodec,
      inject: [SecretCipher],
      // Derived from the configured secret, so every instance behind a load balancer accepts every token.
      useFactory: (cipher: SecretCipher) => new SkipTokenCodec(cipher.deriveKey('odata-skiptoken')),
    },
    ODataOutputFormatter,
    { provide: APP_GUARD, useClass: ODataRequestGuard },
  ],
  exports: [EdmModel, ODataQueryExecutor],
})
export class ODataModule {}
