import { InjectionToken, OptionalFactoryDependency } from '@nestjs/common';
import { EdmEntityContainer } from './edm/edm-types';

/** What the engine learns only at start-up, from configuration and secrets. */
export interface ODataRuntimeOptions {
  /** Server-driven page size (spec §5); a client's `odata.maxpagesize` may only lower it. */
  readonly maxPageSize: number;
  /** HMAC key that signs `$skiptoken`s; the same on every instance, so any instance accepts any token. */
  readonly skipTokenKey: Buffer;
}

/**
 * How a service mounts the generic OData engine: where its documents are served, which entity
 * container its model declares, and a factory for the runtime settings. The engine knows nothing
 * else of the service that uses it.
 */
export interface ODataModuleOptions {
  /** First path segments the service is served under, e.g. `['beta', 'v1.0']`. */
  readonly serviceRoots: readonly string[];
  readonly entityContainer: EdmEntityContainer;
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...dependencies: never[]) => ODataRuntimeOptions;
}

export const ODATA_RUNTIME_OPTIONS = Symbol('odata:runtimeOptions');
