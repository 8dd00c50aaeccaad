import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EdmModel } from './edm/edm-model';
import { EntitySerializer } from './serialization/entity-serializer';
import { ODataResponseInterceptor } from './serialization/odata-response.interceptor';
import { ServiceDocumentController } from './service-document.controller';

/** The generic OData protocol layer: the model, response rendering, the service document. */
@Global()
@Module({
  controllers: [ServiceDocumentController],
  providers: [EdmModel, EntitySerializer, { provide: APP_INTERCEPTOR, useClass: ODataResponseInterceptor }],
  exports: [EdmModel],
})
export class ODataModule {}
