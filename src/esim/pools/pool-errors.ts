import { AppError } from '../../common/app-error';
import { VersionConflictError } from '../../database/versioned-write';
import { POOL_EDM_TYPE } from '../esim.schema';

/** The 404 for a pool the caller's tenant does not have: the same whether it exists elsewhere or not. */
export function poolNotFound(id: string): AppError {
  return AppError.notFound(`No ${POOL_EDM_TYPE.name} with id '${id}' exists.`);
}

/**
 * Spec §9: runs a write conditional on the version of the `typeName` entity `id` (the request's
 * `If-Match` or `If-None-Match`), and answers a VersionConflictError, an entity that changed since
 * the client read its ETag, with the 412 that says so.
 */
export async function translateVersionConflict<T>(typeName: string, id: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    throw AppError.preconditionFailed(
      `The ${typeName} '${id}' has changed since the ETag in If-Match was read (or has the one If-None-Match names); ` +
        'nothing was changed. Read it again and retry with its current ETag.',
    );
  }
}

/** `translateVersionConflict` for a write to the pool `id`, or bound to it. */
export function translatePoolVersionConflict<T>(id: string, write: () => Promise<T>): Promise<T> {
  return translateVersionConflict(POOL_EDM_TYPE.name, id, write);
}
