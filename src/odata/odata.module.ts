import { Controller, DynamicModule, Global, Module } from '@nestjs/common';
import { EdmModel } from './edm/edm-model';
import { MetadataController } from './metadata/metadata.controller';
import { ODATA_RUNTIME_OPTIONS, ODataModuleOptions, ODataRuntimeOptions } from './odata-module-options';
import { ODataRequestGuard } from './odata-request.guard';
import { OpenApiContributions } from './openapi/openapi-contributions';
import { OpenApiController } from './openapi/openapi.controller';
import { ODataQueryExecutor } from './query/odata-query-executor';
import { SkipTokenCodec } from './query/paging/skip-token';
import { EntitySerializer } from './serialization/entity-serializer';
import { ODataOutputFormatter } from './serialization/odata-output-formatter';
import { ServiceDocumentController } from './service-document.controller';

/**
 * The generic OData protocol layer: the model, query options, response rendering, the service
 * document, `$metadata` and the OpenAPI description generated from the model (modules add what the
 * model does not say through `OpenApiContributions`). The service that mounts it says where and with
 * which entity container.
 */
@Global()
@Module({})
export class ODataModule {
  static forRoot(options: ODataModuleOptions): DynamicModule {
    const controllers = [ServiceDocumentController, MetadataController, OpenApiController];
    // The roots are the mounting service's choice, so the routes are declared here rather than on the classes.
    for (const controller of controllers) Controller([...options.serviceRoots])(controller);
    return {
      module: ODataModule,
      controllers,
      providers: [
        { provide: EdmModel, useValue: new EdmModel(options.entityContainer) },
        { provide: ODATA_RUNTIME_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: SkipTokenCodec,
          inject: [ODATA_RUNTIME_OPTIONS],
          useFactory: ({ skipTokenKey }: ODataRuntimeOptions) => new SkipTokenCodec(skipTokenKey),
        },
        EntitySerializer,
        ODataQueryExecutor,
        ODataOutputFormatter,
        ODataRequestGuard,
        OpenApiContributions,
      ],
      exports: [EdmModel, ODataQueryExecutor, ODataRequestGuard, OpenApiContributions],
    };
  }
}
