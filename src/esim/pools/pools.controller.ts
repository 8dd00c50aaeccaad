import { Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { GraphController } from '../../graph/graph-roots';
import { GraphIdPipe } from '../../graph/ids/graph-id.pipe';
import { CurrentTenant } from '../../identity/current-tenant.decorator';
import { Preconditions } from '../../odata/concurrency/preconditions';
import type { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { EnableQuery, ODataQuery } from '../../odata/query/odata-query-request';
import type { ODataQueryRequest } from '../../odata/query/odata-query-request';
import { ODataCount, ODataCreated, ODataUpdated } from '../../odata/serialization/odata-resource.decorators';
import { POOLS_PATH } from '../esim.schema';
import { PoolsService } from './pools.service';
import type { PoolCreate, PoolUpdate } from './preparation/pool-write';
import { PoolWriteBody } from './preparation/pool-write-body.decorator';

@GraphController(POOLS_PATH)
export class PoolsController {
  constructor(private readonly pools: PoolsService) {}

  @Get()
  @EnableQuery()
  list(@CurrentTenant() tenantId: string, @ODataQuery() query: ODataQueryRequest) {
    return this.pools.list(tenantId, query);
  }

  @Get('$count')
  @EnableQuery()
  @ODataCount()
  count(@CurrentTenant() tenantId: string, @ODataQuery() query: ODataQueryRequest) {
    return this.pools.count(tenantId, query);
  }

  /** The published "Add" page names `…/$ref`; its example posts to the collection. Both create. */
  @Post(['', '$ref'])
  @ODataCreated()
  create(@CurrentTenant() tenantId: string, @PoolWriteBody('create') write: PoolCreate) {
    return this.pools.create(tenantId, write);
  }

  @Get(':poolId')
  get(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) id: string, @ODataQuery() query: ODataQueryRequest) {
    return this.pools.get(tenantId, id, query);
  }

  @Patch(':poolId')
  @ODataUpdated()
  update(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) id: string,
    @PoolWriteBody('update') write: PoolUpdate,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.pools.update(tenantId, id, write, preconditions);
  }

  @Delete(':poolId')
  @HttpCode(204)
  delete(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) id: string,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.pools.delete(tenantId, id, preconditions);
  }
}
