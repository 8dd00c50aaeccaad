import { Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/public-route';
import { EdmModel } from './edm/edm-model';
import { serviceRootUrl } from './serialization/service-root';

/** OData JSON Format §5: the service document lists what can be addressed from the root (routes: ODataModule). */
@Public()
export class ServiceDocumentController {
  constructor(private readonly model: EdmModel) {}

  @Get()
  serviceDocument(@Req() request: FastifyRequest) {
    return {
      '@odata.context': `${serviceRootUrl(request)}/$metadata`,
      value: this.model.singletons().map(({ name }) => ({ name, kind: 'Singleton', url: name })),
    };
  }
}
