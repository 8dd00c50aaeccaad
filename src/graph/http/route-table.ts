import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

/**
 * A second router holding every registered route, asked only when the real one found nothing, so that
 * a known path with the wrong method gets a 405 with `Allow` (spec §1) instead of a 404.
 *
 * Nest registers routes in `app.init()`, after providers are built, so the hook added here sees them all.
 */
@Injectable()
export class RouteTable {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });
  private readonly methods = new Set<string>();

  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) this.add(method, route.url ?? route.path);
    });
  }

  add(method: string, url: string) {
    this.methods.add(method);
    this.router.on(method as FindMyWay.HTTPMethod, url, () => undefined);
  }

  /** The methods that some route accepts on this path; empty when no route matches it at all. */
  allowedMethods(path: string): string[] {
    const pathOnly = path.split('?', 1)[0];
    return [...this.methods].filter((method) => this.router.find(method as FindMyWay.HTTPMethod, pathOnly) !== null);
  }
}
