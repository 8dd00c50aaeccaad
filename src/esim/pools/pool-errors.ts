import { AppError } from '../../common/app-error';

/** The 404 for a pool the caller's tenant does not have: the same whether it exists elsewhere or not. */
export function poolNotFound(id: string): AppError {
  return AppError.notFound(`No embeddedSIMActivationCodePool with id '${id}' exists.`);
}
