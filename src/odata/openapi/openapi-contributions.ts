import { Injectable } from '@nestjs/common';
import { HttpMethod, OpenApiComponents, OpenApiInfo, OpenApiOperation, SecurityRequirement } from './openapi-types';

/**
 * An operation the model does not describe, such as a bulk import or `$batch`. Its path is written as
 * controllers declare theirs (from the service root, `:name` for a key), so a key segment gets the
 * same path parameter as the model's own paths.
 */
export interface ContributedOperation {
  /** E.g. `deviceManagement/embeddedSIMActivationCodePools/:poolId/activationCodes/$import`, or `$batch`. */
  readonly path: string;
  readonly method: HttpMethod;
  readonly operation: OpenApiOperation;
  /** Served at `/{path}` of the host rather than under the service root (health checks). */
  readonly outsideServiceRoot?: boolean;
  /** Answers without credentials. */
  readonly public?: boolean;
}

/** A second path that serves an operation the model describes, exactly as the first does. */
export interface OperationAlias {
  readonly path: string;
  readonly method: HttpMethod;
  /** The model's operation it repeats, by its path (as above) and method. */
  readonly sameAs: { readonly path: string; readonly method: HttpMethod };
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
}

/**
 * What a module adds to the OpenAPI document beyond what the model says: the mounting service's error
 * response (`components.responses.error`, which every operation refers to) and credentials, operations
 * outside the model, and examples of the model's schemas. Names may be given by one contribution only.
 */
export interface OpenApiContribution {
  readonly info?: Partial<Omit<OpenApiInfo, 'version'>>;
  readonly components?: OpenApiComponents;
  /** Credentials every operation needs unless it is public. */
  readonly security?: readonly SecurityRequirement[];
  readonly operations?: readonly ContributedOperation[];
  readonly aliases?: readonly OperationAlias[];
  /** By schema name (`microsoft.graph.embeddedSIMActivationCodePool-create`): a realistic value, for readers and tools. */
  readonly schemaExamples?: Readonly<Record<string, unknown>>;
}

/**
 * The contributions of every module, collected at start-up as the model's fragments are (modules
 * register in `onModuleInit`); the document is built from them once the application has started.
 */
@Injectable()
export class OpenApiContributions {
  private readonly registered: OpenApiContribution[] = [];

  register(contribution: OpenApiContribution): void {
    this.registered.push(contribution);
  }

  all(): readonly OpenApiContribution[] {
    return this.registered;
  }
}
