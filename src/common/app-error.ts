/**
 * The closed set of failures services and the OData engine may report. They know nothing of HTTP:
 * the Graph layer maps each kind to a status and a Graph error code in one table.
 */
export type AppErrorKind = 'invalidInput' | 'notFound' | 'notAcceptable' | 'conflict' | 'notImplemented';

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
  static notImplemented(message: string) {
    return new AppError('notImplemented', message);
  }
}
