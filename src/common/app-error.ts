/**
 * The closed set of failures services and the OData engine may report. They know nothing of HTTP:
 * the Graph layer maps each kind to a status and a Graph error code in one table.
 */
export type AppErrorKind =
  'invalidInput' | 'notFound' | 'notAcceptable' | 'conflict' | 'preconditionFailed' | 'notImplemented' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static invalidInput(message: string) {
    return new AppError('invalidInput', message);
  }
  static notFound(message: string) {
    return new AppError('notFound', message);
  }
  /** The client's `Accept` or `$format` rules out every representation the resource has. */
  static notAcceptable(message: string) {
    return new AppError('notAcceptable', message);
  }
  static conflict(message: string) {
    return new AppError('conflict', message);
  }
  /** The entity does not satisfy the request's `If-Match` or `If-None-Match`: it changed since the client read it. */
  static preconditionFailed(message: string) {
    return new AppError('preconditionFailed', message);
  }
  static notImplemented(message: string) {
    return new AppError('notImplemented', message);
  }
  /** A dependency cannot serve the request now (a full disk, say); retrying later may succeed. */
  static unavailable(message: string) {
    return new AppError('unavailable', message);
  }
}

/**
 * Turns a failure of some library (the database driver, say) into the AppError it means, or
 * undefined when it does not know it. The layer that owns the library provides it; the Graph layer
 * asks it before it gives up on an error as unexpected.
 */
export type ErrorTranslator = (error: unknown) => AppError | undefined;

export const ERROR_TRANSLATOR = Symbol('common:errorTranslator');
