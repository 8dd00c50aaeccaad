import { AppError } from '../../../common/app-error';
import { GraphHttpError } from '../../../graph/errors/graph-error';
import { PoolWrite, PoolWriteKind } from './pool-write';

/** What a preparation worker needs, once, to check and seal as the service does. */
export interface PoolWriteWorkerData {
  readonly dataDir: string;
  readonly codeKey: Buffer | undefined;
  readonly strictCodes: boolean;
}

/** One large pool body to prepare off the event loop: its bytes, moved to the worker without a copy. */
export interface PoolWriteTask {
  readonly body: Uint8Array;
  readonly kind: PoolWriteKind;
  readonly tenantId: string;
}

/** A refusal as it crosses back to the main thread, which throws it as the error it was. */
export type PreparationFailure =
  | { readonly error: 'graph'; readonly status: number; readonly code: GraphHttpError['code']; readonly message: string }
  | { readonly error: 'app'; readonly kind: AppError['kind']; readonly message: string };

export type PoolWriteTaskResult = { readonly write: PoolWrite } | { readonly failure: PreparationFailure };

export function failureOf(error: unknown): PreparationFailure | undefined {
  if (error instanceof GraphHttpError) return { error: 'graph', status: error.status, code: error.code, message: error.message };
  if (error instanceof AppError) return { error: 'app', kind: error.kind, message: error.message };
  return undefined;
}

export function errorOf(failure: PreparationFailure): Error {
  return failure.error === 'graph'
    ? new GraphHttpError(failure.status, failure.code, failure.message)
    : new AppError(failure.kind, failure.message);
}
