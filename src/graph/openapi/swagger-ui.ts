import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GRAPH_ROOTS } from '../graph-roots';

export const SWAGGER_UI_PATH = '/docs';

/** The files of swagger-ui-dist the page loads: nothing else of the package (its demo page, source maps) is served. */
const ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'];

// The canonical root's document (spec §1); `/v1.0/openapi.json` describes the alias.
const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>API reference</title>
    <link rel="stylesheet" href="${SWAGGER_UI_PATH}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${SWAGGER_UI_PATH}/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="${SWAGGER_UI_PATH}/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${SWAGGER_UI_PATH}/swagger-ui-bundle.js"></script>
    <script>
      window.ui = SwaggerUIBundle({ url: '/${GRAPH_ROOTS[0]}/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });
    </script>
  </body>
</html>
`;

/**
 * Swagger UI at `/docs` for the OpenAPI document, public like the document itself. The files come from
 * swagger-ui-dist through @fastify/static (ETag, Last-Modified, ranges), on routes of their own so that
 * each is marked public for the authentication gate and anything else under `/docs` is a plain 404.
 */
@Injectable()
export class SwaggerUi implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (docs) => {
      await docs.register(fastifyStatic, { root: dirname(require.resolve('swagger-ui-dist/package.json')), serve: false });
      docs.get(SWAGGER_UI_PATH, { config: { publicRoute: true } }, (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
      for (const asset of ASSETS)
        docs.get(`${SWAGGER_UI_PATH}/${asset}`, { config: { publicRoute: true } }, (_request, reply) => reply.sendFile(asset));
    });
  }
}
