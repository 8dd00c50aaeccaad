import { HttpCode, Param, Post } from '@nestjs/common';
import { GraphBody } from '../../graph/body/graph-body.pipe';
import { GraphController } from '../../graph/graph-roots';
import { GraphIdPipe } from '../../graph/ids/graph-id.pipe';
import { CurrentTenant } from '../../identity/current-tenant.decorator';
import { Preconditions } from '../../odata/concurrency/preconditions';
import type { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { ODataAction } from '../../odata/serialization/odata-resource.decorators';
import { ASSIGN_ACTION, POOL_PATH } from '../esim.schema';
import { AssignmentsService } from './assignments.service';
import { AssignDto } from './dto/assignment-write.dto';

/** The bound action `assign` of a pool (csdl.xml), by its short and its qualified name. */
@GraphController(POOL_PATH)
export class AssignActionController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Post(['assign', 'microsoft.graph.assign'])
  @HttpCode(200)
  @ODataAction(ASSIGN_ACTION)
  assign(
    @CurrentTenant() tenantId: string,
    @Param('poolId', GraphIdPipe) poolId: string,
    @GraphBody() dto: AssignDto,
    @Preconditions() preconditions: RequestPreconditions,
  ) {
    return this.assignments.assign(tenantId, poolId, dto, preconditions);
  }
}
