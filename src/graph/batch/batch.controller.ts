import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RequestEnvelope } from '../../common/request-envelope';
import { GRAPH_ROOTS } from '../graph-roots';
import { BatchService } from './batch.service';

/** `POST {root}/$batch` (spec §12). Not an OData resource: the body is the batch's own JSON. */
@Controller(GRAPH_ROOTS.map((root) => `${root}/$batch`))
export class BatchController {
  constructor(private readonly batches: BatchService) {}

  @Post()
  @HttpCode(200)
  @RequestEnvelope()
  async batch(@Req() request: FastifyRequest, @Body() body: unknown) {
    const root = (request.routeOptions.url ?? '').split('/')[1];
    const responses = await this.batches.run(body, request, { root, roots: GRAPH_ROOTS, origin: `${request.protocol}://${request.host}` });
    return { responses };
  }
}
