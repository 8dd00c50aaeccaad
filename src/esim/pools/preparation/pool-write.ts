import { AppError } from '../../../common/app-error';
import { CsvText } from '../../../graph/body/csv-text';
import { validateGraphBody } from '../../../graph/body/graph-body-validation';
import { toActivationCode } from '../activation-code';
import { CreatePoolDto, MAX_ACTIVATION_CODES_PER_REQUEST, UpdatePoolDto } from '../dto/pool-write.dto';
import { PoolImport, prepareOperatorCsv } from './operator-csv';
import { CodePreparationContext, PreparedCodes, prepareCodes } from './prepared-codes';

/**
 * A pool body's JSON elements: each code is an object of three or four members (`@odata.type` may
 * come along), so six per code leave room for the rest of the body and nothing more.
 */
const POOL_BODY_LIMITS = { maxElements: MAX_ACTIVATION_CODES_PER_REQUEST * 6 };

/** A create body, checked, its codes sealed. */
export interface PoolCreate {
  readonly kind: 'create';
  readonly displayName: string;
  readonly codes: PreparedCodes;
  /** The codes as the create response echoes them (spec §4): JSON text, UTF-8. */
  readonly echo: Uint8Array;
}

/** An update body, checked; `codes`, when present, replace the stored set. */
export interface PoolUpdate {
  readonly kind: 'update';
  readonly displayName?: string;
  readonly codes?: PreparedCodes;
}

export type PoolWrite = PoolCreate | PoolUpdate | PoolImport;
export type PoolWriteKind = PoolWrite['kind'];

/**
 * The whole preparation of a pool write, from the body as the HTTP layer handed it on (parsed or
 * left as bytes) to sealed codes: for JSON the DTO's rules (`validateGraphBody`), then `prepareCodes`;
 * for an import the operator CSV's (`prepareOperatorCsv`). The same function runs inline for small
 * bodies and in a worker thread for large ones.
 */
export async function preparePoolWrite(body: unknown, kind: PoolWriteKind, context: CodePreparationContext): Promise<PoolWrite> {
  if (kind === 'import') {
    if (!(body instanceof CsvText)) throw AppError.invalidInput('The request has no body; send the operator CSV file as text/csv.');
    return prepareOperatorCsv(body, context);
  }
  if (kind === 'create') {
    const dto = await validateGraphBody(body, CreatePoolDto, POOL_BODY_LIMITS);
    const codes = dto.activationCodes ?? [];
    return {
      kind,
      displayName: dto.displayName,
      codes: prepareCodes(codes, context),
      echo: Buffer.from(JSON.stringify(codes.map(toActivationCode))),
    };
  }
  const dto = await validateGraphBody(body, UpdatePoolDto, POOL_BODY_LIMITS);
  return {
    kind,
    displayName: dto.displayName,
    codes: dto.activationCodes === undefined ? undefined : prepareCodes(dto.activationCodes, context),
  };
}

/** The buffers of a prepared write that a worker may hand over rather than copy. */
export function transferableBuffersOf(write: PoolWrite): ArrayBuffer[] {
  if (write.kind === 'import') return [];
  return ownedBuffersOf([...(write.codes?.batches ?? []), ...(write.kind === 'create' ? [write.echo] : [])]);
}

/**
 * The buffers that these views own whole, which may move to another thread: a small Buffer shares
 * Node's allocation pool, which must never move.
 */
export function ownedBuffersOf(views: readonly ArrayBufferView[]): ArrayBuffer[] {
  const owned = views.filter((view) => view.byteOffset === 0 && view.byteLength === view.buffer.byteLength).map((view) => view.buffer);
  return [...new Set(owned)].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}
