import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { SecretCipher } from '../secrets/secret-cipher';
import { EdmModel } from './edm/edm-model';
import { MetadataController } from './metadata/metadata.controller';
import { ODataQueryExecutor } from './query/odata-query-executor';
import { SkipTokenCodec } from './query/paging/skip-token';
import { EntitySerializer } from './serialization/entity-serializer';
import { ODataResponseInterceptor } from './serialization/odata-response.interceptor';
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
    { provide: APP_INTERCEPTOR, useClass: ODataResponseInterceptor },
  ],
  exports: [EdmModel, ODataQueryExecutor],
})
export class ODataModule {}
