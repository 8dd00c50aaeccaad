import { Get } from '@nestjs/common';
import { GraphController } from '../../graph/graph-roots';
import { CurrentTenant } from '../../identity/current-tenant.decorator';

/** The `deviceManagement` singleton: the caller's tenant, and nothing secret. */
@GraphController('deviceManagement')
export class DeviceManagementController {
  @Get()
  get(@CurrentTenant() tenantId: string) {
    return { id: tenantId };
  }
}
