/**
 * The parts of an OpenAPI 3.1 document (OpenAPI Specification 3.1.1) that the engine writes and that
 * modules contribute. Schemas are JSON Schema 2020-12, kept free-form.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/** Path item fields that hold operations, in the order a document lists them. */
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'patch', 'delete'];

export type Reference = { readonly $ref: string };

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly description?: string;
  readonly required?: boolean;
  /** `false` with `style: form` (the default) writes an array as one comma-separated value, as OData expects. */
  readonly explode?: boolean;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

export interface OpenApiMediaType {
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

/** A value of one response that another operation takes as a parameter (OpenAPI §4.8.20). */
export interface OpenApiLink {
  readonly operationId: string;
  /** Parameter name → runtime expression, e.g. `$response.body#/id`. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly description?: string;
}

export interface OpenApiResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly description?: string; readonly schema: JsonSchema }>>;
  readonly content?: Readonly<Record<string, OpenApiMediaType>>;
  readonly links?: Readonly<Record<string, OpenApiLink>>;
}

export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly (OpenApiParameter | Reference)[];
  readonly requestBody?: {
    readonly description?: string;
    readonly required?: boolean;
    readonly content: Readonly<Record<string, OpenApiMediaType>>;
  };
  /** By status code (`200`, `4XX`…). */
  readonly responses: Readonly<Record<string, OpenApiResponse | Reference>>;
  /** `[]` for an operation that needs no credentials. */
  readonly security?: readonly SecurityRequirement[];
}

export interface OpenApiServer {
  readonly url: string;
  readonly description?: string;
}

export type OpenApiPathItem = {
  /** Replaces the document's servers for this path, e.g. for a path outside the service root. */
  readonly servers?: readonly OpenApiServer[];
  readonly parameters?: readonly OpenApiParameter[];
} & { readonly [method in HttpMethod]?: OpenApiOperation };

export interface OpenApiComponents {
  readonly schemas?: Readonly<Record<string, JsonSchema>>;
  readonly parameters?: Readonly<Record<string, OpenApiParameter>>;
  readonly responses?: Readonly<Record<string, OpenApiResponse>>;
  readonly securitySchemes?: Readonly<Record<string, JsonSchema>>;
}

export interface OpenApiInfo {
  readonly title: string;
  readonly description?: string;
  readonly version: string;
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: OpenApiInfo;
  readonly servers: readonly OpenApiServer[];
  readonly paths: Readonly<Record<string, OpenApiPathItem>>;
  readonly components: OpenApiComponents;
  readonly security?: readonly SecurityRequirement[];
}

/** A `$ref` to a component: `ref('schemas', 'microsoft.graph.entity')`. */
export function componentRef(kind: keyof OpenApiComponents, name: string): Reference {
  return { $ref: `#/components/${kind}/${name}` };
}
