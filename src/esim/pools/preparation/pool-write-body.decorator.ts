import { ArgumentMetadata, createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tenantOf } from '../../../identity/current-tenant.decorator';
import { PoolWrite, PoolWriteKind } from './pool-write';
import { PoolWritePreparer } from './pool-write-preparer';

interface PoolWriteSource {
  readonly body: unknown;
  readonly tenantId: string;
}

/** Turns a request's body into the pool write its route stands for (`data` is the kind). */
@Injectable()
export class PoolWritePipe implements PipeTransform<PoolWriteSource, Promise<PoolWrite>> {
  constructor(private readonly preparer: PoolWritePreparer) {}

  transform({ body, tenantId }: PoolWriteSource, { data }: ArgumentMetadata): Promise<PoolWrite> {
    return this.preparer.prepare(body, data as PoolWriteKind, tenantId);
  }
}

const poolWriteSource = createParamDecorator((_kind: PoolWriteKind, context: ExecutionContext): PoolWriteSource => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return { body: request.body, tenantId: tenantOf(request) };
});

/**
 * The request body as a pool write of `kind` (`PoolCreate`, `PoolUpdate` or `PoolImport`): checked with
 * the DTO's rules (an import, with the operator CSV's) and its codes sealed for the caller's tenant,
 * in a worker thread when the body is large.
 */
export const PoolWriteBody = (kind: PoolWriteKind): ParameterDecorator => poolWriteSource(kind, PoolWritePipe);
