import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/public-route';
import { EdmModel } from '../edm/edm-model';
import { parseRequestOptions } from '../query/parse-request-options';
import { renderCsdlJson } from './csdl-json';
import { renderCsdlXml } from './csdl-xml';
import { metadataContentType, MetadataFormat, negotiateMetadataFormat } from './metadata-format';

/**
 * `GET {root}/$metadata` (OData Part 1 §11.1.2): the model as CSDL XML, or CSDL JSON on request. A
 * plain controller, not an `@ODataResource`, so the OData output formatter leaves the body alone.
 * Its routes are declared by ODataModule, under the roots of the service that mounts it.
 */
@Public()
export class MetadataController {
  // The model is complete once the application has started, so each document is rendered once, on first use.
  private readonly rendered = new Map<MetadataFormat, string>();

  constructor(private readonly model: EdmModel) {}

  @Get('$metadata')
  metadata(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    const format = negotiateMetadataFormat(parseRequestOptions(request).format, request.headers.accept);
    reply.header('content-type', metadataContentType(format));
    return this.document(format);
  }

  private document(format: MetadataFormat): string {
    let document = this.rendered.get(format);
    if (document === undefined) {
      document = format === 'xml' ? renderCsdlXml(this.model) : JSON.stringify(renderCsdlJson(this.model));
      this.rendered.set(format, document);
    }
    return document;
  }
}
