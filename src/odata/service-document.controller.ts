import { Controller, Get, Req } from '@nestjs/common';
import { Public } from '../identity/public.decorator';
import type { FastifyRequest } from 'fastify';
import { GRAPH_ROOTS } from '../graph/graph-roots';
import { EdmModel } from './edm/edm-model';
import { serviceRootUrl } from './serialization/service-root';

/** OData JSON Format §5: the service document lists what can be addressed from the root. */
@Public()
@Controller([...GRAPH_ROOTS])
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
