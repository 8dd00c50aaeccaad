import { Injectable } from '@nestjs/common';
import { ExpansionSource } from '../../odata/query/odata-query-executor';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import { DeviceStatesRepository } from '../device-states/device-states.repository';

/** The navigation properties of a pool that `$expand` can fill: its assignments and its device states, within the caller's tenant. */
@Injectable()
export class PoolExpansions {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly deviceStates: DeviceStatesRepository,
  ) {}

  of(tenantId: string): Record<string, ExpansionSource> {
    return {
      assignments: {
        childrenOf: (poolIds) => this.assignments.ofPools(tenantId, poolIds),
        parentKeyProperty: 'poolId',
        rendering: this.assignments.rendering,
      },
      deviceStates: {
        childrenOf: (poolIds) => this.deviceStates.ofPools(tenantId, poolIds),
        parentKeyProperty: 'poolId',
        rendering: this.deviceStates.rendering,
      },
    };
  }
}
