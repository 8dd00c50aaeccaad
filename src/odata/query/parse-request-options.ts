import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/app-error';
import { ODataSyntaxError, ParsedQueryOptions, parseQueryOptions } from './parser';

/** A request's system query options, parsed; a syntax error is a 400 naming the option and position. */
export function parseRequestOptions(request: FastifyRequest): ParsedQueryOptions {
  try {
    return parseQueryOptions(request.query as Record<string, string | string[] | undefined>);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw AppError.invalidInput(error.message);
    throw error;
  }
}
