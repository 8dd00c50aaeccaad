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
import { ASSIGNMENTS_PATH } from '../esim.schema';
import { AssignmentsService } from './assignments.service';
import { CreateAssignmentDto, UpdateAssignmentDto } from './dto/assignment-write.dto';

/** `…/embeddedSIMActivationCodePools/{poolId}/assignments` (spec §1). */
@GraphController(ASSIGNMENTS_PATH)
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get()
  @EnableQuery()
  list(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @ODataQuery() query: ODataQueryRequest) {
    return this.assignments.list(tenantId, poolId, query);
  }

  @Get('$count')
  @EnableQuery()
  @ODataCount()
  count(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @ODataQuery() query: ODataQueryRequest) {
    return this.assignments.count(tenantId, poolId, query);
  }

  @Post()
  @ODataCreated()
  create(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @GraphBody() dto: CreateAssignmentDto) {
    return this.assignments.create(tenantId, poolId, dto);
  }

  @Get(':assignmentId')
  get(@CurrentTenant() tenantId: string, @Param('poolId', GraphIdPipe) poolId: string, @Param('assignmentId', GraphIdPipe) id: string) {
    return this.assignments.get(tenantId, poolId, id);
  }

  @Patch(':assignmentId')
  @ODataUpdated()
  update(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) poolId: string,
    @Param('assignmentId', GraphIdPipe) id: string,
    @GraphBody() dto: UpdateAssignmentDto,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.assignments.update(tenantId, poolId, id, dto, preconditions);
  }

  @Delete(':assignmentId')
  @HttpCode(204)
  delete(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) poolId: string,
    @Param('assignmentId', GraphIdPipe) id: string,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.assignments.delete(tenantId, poolId, id, preconditions);
  }
}
