import { AppErrorKind } from '../../common/app-error';

/** Graph's documented error codes (spec §7); nothing else ever appears in `error.code`. */
export type GraphErrorCode =
  | 'invalidRequest'
  | 'unauthenticated'
  | 'accessDenied'
  | 'itemNotFound'
  | 'notSupported'
  | 'notAcceptable'
  | 'conflict'
  | 'resourceModified'
  | 'failedDependency'
  | 'requestTooLarge'
  | 'unsupportedMediaType'
  | 'activityLimitReached'
  | 'generalException'
  | 'serviceNotAvailable';

/** An error already in Graph terms: a status, a code, a message a person can act on, extra headers. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: GraphErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GraphHttpError';
  }

  static badRequest(message: string) {
    return new GraphHttpError(400, 'invalidRequest', message);
  }
  static notFound(message: string) {
    return new GraphHttpError(404, 'itemNotFound', message);
  }
  static methodNotAllowed(method: string, allowed: readonly string[]) {
    return new GraphHttpError(405, 'notSupported', `The method ${method} is not allowed on this resource; use ${allowed.join(', ')}.`, {
      allow: allowed.join(', '),
    });
  }
  static requestTooLarge(limitBytes: number) {
    return new GraphHttpError(413, 'requestTooLarge', `The request body is larger than the limit of ${limitBytes} bytes.`);
  }
  static unsupportedMediaType(contentType: string | undefined, accepted: readonly string[] = ['application/json']) {
    const wanted = `send ${accepted.join(' or ')}`;
    return new GraphHttpError(
      415,
      'unsupportedMediaType',
      contentType
        ? `The content type '${contentType.slice(0, 100)}' is not supported here; ${wanted}.`
        : `The request has a body but no Content-Type; ${wanted}.`,
    );
  }
  static internal() {
    return new GraphHttpError(500, 'generalException', 'An unexpected error occurred. Quote the request-id when reporting it.');
  }
}

/** How each service-level failure appears on the wire. */
/** How long a client should wait before retrying a request the service could not serve for now. */
const RETRY_UNAVAILABLE_AFTER_SECONDS = '10';

export const APP_ERROR_STATUS: Readonly<Record<AppErrorKind, { status: number; code: GraphErrorCode; headers?: Record<string, string> }>> =
  {
    invalidInput: { status: 400, code: 'invalidRequest' },
    notFound: { status: 404, code: 'itemNotFound' },
    notAcceptable: { status: 406, code: 'notAcceptable' },
    conflict: { status: 409, code: 'conflict' },
    preconditionFailed: { status: 412, code: 'resourceModified' },
    notImplemented: { status: 501, code: 'notSupported' },
    unavailable: { status: 503, code: 'serviceNotAvailable', headers: { 'retry-after': RETRY_UNAVAILABLE_AFTER_SECONDS } },
  };

/** Codes for statuses the HTTP framework itself may answer with (body too large, bad media type…). */
export const FRAMEWORK_STATUS_CODES: Readonly<Record<number, GraphErrorCode>> = {
  400: 'invalidRequest',
  401: 'unauthenticated',
  403: 'accessDenied',
  404: 'itemNotFound',
  405: 'notSupported',
  406: 'notAcceptable',
  409: 'conflict',
  412: 'resourceModified',
  413: 'requestTooLarge',
  415: 'unsupportedMediaType',
  429: 'activityLimitReached',
  501: 'notSupported',
  503: 'serviceNotAvailable',
};

export interface GraphErrorBody {
  error: {
    code: GraphErrorCode;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

export function graphErrorBody(code: GraphErrorCode, message: string, requestId: string, clientRequestId: string): GraphErrorBody {
  return {
    error: {
      code,
      message,
      // Graph writes innerError.date without fractional seconds.
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'request-id': requestId,
        'client-request-id': clientRequestId,
      },
    },
  };
}
