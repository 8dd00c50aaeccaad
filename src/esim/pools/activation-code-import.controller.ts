import { HttpCode, Param, Post } from '@nestjs/common';
import { GraphController } from '../../graph/graph-roots';
import { Consumes } from '../../graph/http/media-types';
import { GraphIdPipe } from '../../graph/ids/graph-id.pipe';
import { CurrentTenant } from '../../identity/current-tenant.decorator';
import { Preconditions } from '../../odata/concurrency/preconditions';
import type { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { PlainJsonResult } from '../../odata/serialization/odata-resource.decorators';
import { POOL_PATH } from '../esim.schema';
import { PoolsService } from './pools.service';
import type { PoolImport } from './preparation/operator-csv';
import { PoolWriteBody } from './preparation/pool-write-body.decorator';

/** Spec §10, beyond Graph: `POST …/{poolId}/activationCodes/$import` appends the codes of an operator CSV. */
@GraphController(POOL_PATH)
export class ActivationCodeImportController {
  constructor(private readonly pools: PoolsService) {}

  @Post('activationCodes/$import')
  @HttpCode(200)
  @Consumes('text/csv')
  @PlainJsonResult()
  importCodes(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) poolId: string,
    @PoolWriteBody('import') write: PoolImport,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.pools.importCodes(tenantId, poolId, write, { preconditions });
  }
}
