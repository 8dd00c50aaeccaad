import { AppError } from '../../../common/app-error';
import { GraphHttpError } from '../../../graph/errors/graph-error';
import type { MessagePort } from 'node:worker_threads';
import type { ImportBatch } from './operator-csv';
import { PoolWrite, PoolWriteKind } from './pool-write';

/** What a preparation worker needs, once, to check and seal as the service does. */
export interface PoolWriteWorkerData {
  readonly dataDir: string;
  readonly codeKey: Buffer | undefined;
  readonly strictCodes: boolean;
}

/**
 * One large pool body to prepare off the event loop: its bytes, moved to the worker without a copy.
 * An import streams its batches back through `port` (`ImportMessage`s) instead of returning them.
 */
export interface PoolWriteTask {
  readonly body: Uint8Array;
  readonly kind: PoolWriteKind;
  readonly tenantId: string;
  readonly port?: MessagePort;
}

/** What a worker sends through an import's port: each batch, then the end or the refusal. */
export type ImportMessage = { readonly batch: ImportBatch } | { readonly end: true } | { readonly failure: PreparationFailure };

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
