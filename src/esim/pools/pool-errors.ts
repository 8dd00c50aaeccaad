import type { PoolsRepository } from './pools.repository';
import { AppError } from '../../common/app-error';

/** The 404 for a pool the caller's tenant does not have: the same whether it exists elsewhere or not. */
export function poolNotFound(id: string): AppError {
  return AppError.notFound(`No embeddedSIMActivationCodePool with id '${id}' exists.`);
}

/** The 404 for a resource contained in a pool: the same whether it is under another pool, another tenant, or nowhere. */
export function notFoundInPool(typeName: string, id: string): AppError {
  return AppError.notFound(`No ${typeName} with id '${id}' exists in this pool.`);
}

/** Contained resources are listed and counted only under a pool the caller's tenant has. */
export async function requirePool(pools: PoolsRepository, tenantId: string, poolId: string): Promise<void> {
  if (!(await pools.exists(tenantId, poolId))) throw poolNotFound(poolId);
}
