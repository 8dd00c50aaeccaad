import { Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { GraphBody } from '../../graph/body/graph-body.pipe';
import { GraphController } from '../../graph/graph-roots';
import { GraphIdPipe } from '../../graph/ids/graph-id.pipe';
import { CurrentTenant } from '../../identity/current-tenant.decorator';
import { Preconditions } from '../../odata/concurrency/preconditions';
import type { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { EnableQuery, ODataQuery } from '../../odata/query/odata-query-request';
import type { ODataQueryRequest } from '../../odata/query/odata-query-request';
import { ODataCount, ODataCreated, ODataUpdated } from '../../odata/serialization/odata-resource.decorators';
import { DEVICE_STATES_PATH } from '../esim.schema';
import { DeviceStatesService } from './device-states.service';
import { CreateDeviceStateDto, UpdateDeviceStateDto } from './dto/device-state-write.dto';

/** `…/embeddedSIMActivationCodePools/{poolId}/deviceStates` (spec §1). */
@GraphController(DEVICE_STATES_PATH)
export class DeviceStatesController {
  constructor(private readonly deviceStates: DeviceStatesService) {}

  @Get()
  @EnableQuery()
  list(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @ODataQuery() query: ODataQueryRequest) {
    return this.deviceStates.list(tenantId, poolId, query);
  }

  @Get('$count')
  @EnableQuery()
  @ODataCount()
  count(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @ODataQuery() query: ODataQueryRequest) {
    return this.deviceStates.count(tenantId, poolId, query);
  }

  @Post()
  @ODataCreated()
  create(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @GraphBody() dto: CreateDeviceStateDto) {
    return this.deviceStates.create(tenantId, poolId, dto);
  }

  @Get(':deviceStateId')
  get(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @Param('deviceStateId', GraphIdPipe) id: string) {
    return this.deviceStates.get(tenantId, poolId, id);
  }

  @Patch(':deviceStateId')
  @ODataUpdated()
  update(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) poolId: string,
    @Param('deviceStateId', GraphIdPipe) id: string,
    @GraphBody() dto: UpdateDeviceStateDto,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.deviceStates.update(tenantId, poolId, id, dto, preconditions);
  }

  @Delete(':deviceStateId')
  @HttpCode(204)
  delete(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) poolId: string,
    @Param('deviceStateId', GraphIdPipe) id: string,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.deviceStates.delete(tenantId, poolId, id, preconditions);
  }
}
