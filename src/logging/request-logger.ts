import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type LogArguments = [obj: unknown, msg?: string, ...args: unknown[]];

/** What `request.log` is: Fastify's logger interface, and whether a level is on (to skip building a line). */
export type RequestLogger = FastifyBaseLogger & Pick<Logger, 'isLevelEnabled'>;

/**
 * Fastify's `childLoggerFactory`: a request's logger, whose lines carry the request id. The pino child
 * that adds it is made on the request's first line, not for every request: making one cost about 2 %
 * of the CPU of a simple GET, and at `warn` most requests write no line at all.
 */
export function requestLogger(parent: FastifyBaseLogger, bindings: Bindings): RequestLogger {
  // Fastify hands over the pino logger it was given (createApp's), under its narrower interface.
  return new LazyChildLogger(parent as RequestLogger, bindings);
}

class LazyChildLogger {
  private made?: FastifyBaseLogger;

  constructor(
    private readonly parent: RequestLogger,
    private readonly bindings: Bindings,
  ) {}

  get level(): string {
    return this.parent.level;
  }

  isLevelEnabled(level: string): boolean {
    return this.parent.isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  fatal(...args: LogArguments): void {
    this.write('fatal', args);
  }

  error(...args: LogArguments): void {
    this.write('error', args);
  }

  warn(...args: LogArguments): void {
    this.write('warn', args);
  }

  info(...args: LogArguments): void {
    this.write('info', args);
  }

  debug(...args: LogArguments): void {
    this.write('debug', args);
  }

  trace(...args: LogArguments): void {
    this.write('trace', args);
  }

  silent(): void {}

  private write(level: Level, args: LogArguments): void {
    if (!this.parent.isLevelEnabled(level)) return;
    this.logger()[level](...args);
  }

  private logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings));
  }
}
