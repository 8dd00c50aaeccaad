import { PoolAssignmentEntity } from './assignments/entities/pool-assignment.entity';
import { DeviceStateEntity } from './device-states/entities/device-state.entity';
import { ActivationCodeEntity } from './pools/entities/activation-code.entity';
import { ActivationCodePoolEntity } from './pools/entities/activation-code-pool.entity';

/** Every entity the eSIM resources persist, listed once for the app, the CLI tools and the TypeORM CLI. */
export const ESIM_ENTITIES = [ActivationCodePoolEntity, ActivationCodeEntity, PoolAssignmentEntity, DeviceStateEntity];
