import { Module, OnModuleInit } from '@nestjs/common';
import { EdmModel } from '../odata/edm/edm-model';
import { OpenApiContributions } from '../odata/openapi/openapi-contributions';
import { AssignActionController } from './assignments/assign-action.controller';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsRepository } from './assignments/assignments.repository';
import { AssignmentsService } from './assignments/assignments.service';
import { DeviceStatesController } from './device-states/device-states.controller';
import { DeviceStatesRepository } from './device-states/device-states.repository';
import { DeviceStatesService } from './device-states/device-states.service';
import { DeviceManagementController } from './device-management/device-management.controller';
import { ESIM_OPENAPI } from './esim.openapi';
import { ESIM_SCHEMA } from './esim.schema';
import { ActivationCodeImportController } from './pools/activation-code-import.controller';
import { CodeResealer } from './pools/code-resealer';
import { PoolExpansions } from './pools/pool-expansions';
import { PoolsController } from './pools/pools.controller';
import { PoolsRepository } from './pools/pools.repository';
import { PoolsService } from './pools/pools.service';
import { PoolWritePipe } from './pools/preparation/pool-write-body.decorator';
import { PoolWritePreparer } from './pools/preparation/pool-write-preparer';

/** Intune eSIM activation code pools: the resources, their rules and their storage. */
@Module({
  controllers: [
    DeviceManagementController,
    PoolsController,
    ActivationCodeImportController,
    AssignmentsController,
    AssignActionController,
    DeviceStatesController,
  ],
  providers: [
    PoolsService,
    PoolsRepository,
    PoolExpansions,
    CodeResealer,
    PoolWritePreparer,
    PoolWritePipe,
    AssignmentsService,
    AssignmentsRepository,
    DeviceStatesService,
    DeviceStatesRepository,
  ],
})
export class EsimModule implements OnModuleInit {
  constructor(
    private readonly model: EdmModel,
    private readonly openApi: OpenApiContributions,
  ) {}

  onModuleInit() {
    this.model.register(ESIM_SCHEMA);
    this.openApi.register(ESIM_OPENAPI);
  }
}
