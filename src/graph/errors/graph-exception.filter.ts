import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, NotFoundException, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_TRANSLATOR } from '../../common/app-error';
import type { ErrorTranslator } from '../../common/app-error';
import { loggableTarget } from '../../common/request-log';
import { requestIdsOf } from '../http/graph-response-hooks';
import { RouteTable } from '../http/route-table';
import { APP_ERROR_STATUS, FRAMEWORK_STATUS_CODES, GraphHttpError, graphErrorBody } from './graph-error';

/**
 * The one place any failure becomes a Graph error body (spec §7). Anything it does not recognise is a
 * 500 with no detail on the wire and the cause in the log.
 */
@Catch()
export class GraphExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('GraphExceptionFilter');

  constructor(
    private readonly routes: RouteTable,
    @Optional() @Inject(ERROR_TRANSLATOR) private readonly translate?: ErrorTranslator,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const target = `${request.method} ${loggableTarget(request.url)} (request-id ${request.id})`;
    if (isClientAbort(exception, request)) {
      // Not our failure, and there is no one left to answer.
      this.logger.log(`${target}: the client closed the connection before the request was read`);
      return;
    }
    const error = this.toGraphError(exception, request);
    // Only a failure the service did not foresee deserves a stack trace; a 501 or 503 is an answer.
    if (error.code === 'generalException') this.logger.error(`${target} failed`, (exception as Error)?.stack);
    if (reply.sent) return;
    const { requestId, clientRequestId } = requestIdsOf(request, reply);
    // A refusal before the body was read: close rather than wait for (and discard) the rest of it.
    if (!request.raw.complete) reply.header('connection', 'close');
    reply
      .status(error.status)
      .headers(error.headers)
      .type('application/json')
      .send(graphErrorBody(error.code, error.message, requestId, clientRequestId));
  }

  private toGraphError(exception: unknown, request: FastifyRequest): GraphHttpError {
    if (exception instanceof GraphHttpError) return exception;
    const appError = exception instanceof AppError ? exception : this.translate?.(exception);
    if (appError !== undefined) {
      const { status, code, headers } = APP_ERROR_STATUS[appError.kind];
      return new GraphHttpError(status, code, appError.message, headers);
    }
    // Our own code never throws HttpException: these come from the framework (no route, body rules).
    if (exception instanceof NotFoundException) return this.routes.unrouted(request);
    if (exception instanceof HttpException) return this.fromFramework(exception, request);
    return GraphHttpError.internal();
  }

  private fromFramework(exception: HttpException, request: FastifyRequest): GraphHttpError {
    const status = exception.getStatus();
    switch (status) {
      case 413:
        return GraphHttpError.requestTooLarge(request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0);
      case 415:
        return GraphHttpError.unsupportedMediaType(request.headers['content-type']);
      default: {
        const code = FRAMEWORK_STATUS_CODES[status];
        return code === undefined || status >= 500 ? GraphHttpError.internal() : new GraphHttpError(status, code, exception.message);
      }
    }
  }
}

/** The client went away mid-request (an aborted upload): Node reports it as a reset or an abort. */
function isClientAbort(exception: unknown, request: FastifyRequest): boolean {
  const code = (exception as NodeJS.ErrnoException | undefined)?.code;
  return request.raw.readableAborted || code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
