import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { RequestGate } from '../../common/request-gate';
import { GraphHttpError } from '../errors/graph-error';
import { UNDECODABLE_URL_MESSAGE } from './http-layer-errors';

/**
 * A second router holding every registered route, asked only when the real one found nothing, so that
 * a known path with the wrong method gets a 405 with `Allow` (spec §1) instead of a 404. As a request
 * gate it answers both before any body is read or any token is checked.
 *
 * Nest registers routes in `app.init()`, after providers are built, so the hook added here sees them all.
 */
@Injectable()
export class RouteTable implements RequestGate {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });
  private readonly methods = new Set<string>();
  private readonly registered: { readonly method: string; readonly url: string }[] = [];

  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) this.add(method, route.url ?? route.path);
    });
  }

  add(method: string, url: string) {
    this.registered.push({ method, url });
    this.methods.add(method);
    this.router.on(method as FindMyWay.HTTPMethod, url, () => undefined);
  }

  admit(request: FastifyRequest): void {
    if (request.is404) throw this.unrouted(request);
  }

  /** Every route as Fastify registered it (`GET /beta/…/:poolId`), to check descriptions of the service against. */
  routes(): readonly { readonly method: string; readonly url: string }[] {
    return this.registered;
  }

  /** The 405 (with `Allow`) or 404 for a request no route serves, or the 400 for a path that does not decode. */
  unrouted(request: FastifyRequest): GraphHttpError {
    const path = request.url.split('?', 1)[0];
    // For a method no route has, Fastify's router hands such a path to the not-found handler rather than to `frameworkErrors`.
    if (!decodes(path)) return GraphHttpError.badRequest(UNDECODABLE_URL_MESSAGE);
    const allowed = this.allowedMethods(request.url);
    if (allowed.length > 0) return GraphHttpError.methodNotAllowed(request.method, allowed);
    return GraphHttpError.notFound(`No resource exists at '${path.slice(0, 200)}'. Check the path against the service document.`);
  }

  /** The methods that some route accepts on this path; empty when no route matches it at all. */
  allowedMethods(path: string): string[] {
    const pathOnly = path.split('?', 1)[0];
    return [...this.methods].filter((method) => this.router.find(method as FindMyWay.HTTPMethod, pathOnly) !== null);
  }
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
