import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/public-route';
import { EdmModel } from '../edm/edm-model';
import { OpenApiContributions } from './openapi-contributions';
import { buildOpenApiDocument } from './openapi-document';

/**
 * `GET {root}/openapi.json`: the OpenAPI description of the service under that root, public like
 * `$metadata`. Its routes are declared by ODataModule, under the roots of the service that mounts it.
 */
@Public()
export class OpenApiController {
  // The model and the contributions are complete once the application has started: each root's document is built once, on first use.
  private readonly documents = new Map<string, string>();

  constructor(
    private readonly model: EdmModel,
    private readonly contributions: OpenApiContributions,
  ) {}

  @Get('openapi.json')
  openApi(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    const serviceRoot = request.routeOptions.url!.split('/')[1];
    let document = this.documents.get(serviceRoot);
    if (document === undefined) {
      document = JSON.stringify(buildOpenApiDocument(this.model, this.contributions.all(), serviceRoot));
      this.documents.set(serviceRoot, document);
    }
    reply.header('content-type', 'application/json');
    return document;
  }
}
