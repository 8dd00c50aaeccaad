import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { WhenPresent, WireObject } from '../body/wire-decorators';
import { GRAPH_METHODS } from '../graph-roots';

/** Spec §11/§12: at most 20 requests in one batch, as in Microsoft Graph. */
export const MAX_BATCH_REQUESTS = 20;

/** The methods a batched request may use: those of the service's routes (anything else is refused up front). */
export const BATCH_METHODS = GRAPH_METHODS;

const MAX_ID_LENGTH = 128;
const MAX_URL_LENGTH = 8192;

/** `POST {root}/$batch`: the envelope (OData JSON Format §19). Each request is checked as a `BatchRequestDto`. */
@WireObject('batch')
export class BatchEnvelopeDto {
  @ArrayMaxSize(MAX_BATCH_REQUESTS, { message: `must hold at most ${MAX_BATCH_REQUESTS} requests; split the work into several batches` })
  @ArrayMinSize(1, { message: 'must hold at least one request' })
  @IsArray({ message: 'must be an array of request objects' })
  requests: unknown[];
}

/** One request of a batch: `id`, `method`, `url` (relative to the service root), optional `headers`, `body`, `dependsOn`. */
@WireObject('batch request')
export class BatchRequestDto {
  @MaxLength(MAX_ID_LENGTH, { message: `must be at most ${MAX_ID_LENGTH} characters long` })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  id: string;

  // OData JSON Format §19.1: the method is matched without regard to case.
  @Matches(new RegExp(`^(${BATCH_METHODS.join('|')})$`, 'i'), { message: `must be one of ${BATCH_METHODS.join(', ')}` })
  @IsString({ message: 'must be a string' })
  method: string;

  @MaxLength(MAX_URL_LENGTH, { message: `must be at most ${MAX_URL_LENGTH} characters long` })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  url: string;

  @ValidateBy({
    name: 'headerValues',
    validator: {
      validate: (headers: object) => Object.values(headers).every((value) => typeof value === 'string'),
      defaultMessage: () => 'must map header names to string values',
    },
  })
  @IsObject({ message: 'must be an object of header names and values' })
  @WhenPresent()
  headers?: Record<string, string>;

  /** JSON for a JSON media type, text for a textual one, base64url otherwise (OData JSON Format §19.1). */
  @Allow()
  body?: unknown;

  @IsString({ each: true, message: 'must list request ids' })
  @IsArray({ message: 'must be an array of request ids' })
  @WhenPresent()
  dependsOn?: string[];
}
