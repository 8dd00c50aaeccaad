import { ActivationCodeEntity } from '../esim/pools/entities/activation-code.entity';
import { ActivationCodePoolEntity } from '../esim/pools/entities/activation-code-pool.entity';

/** Every persisted entity, listed once for the app and the TypeORM CLI. */
export const ENTITIES = [ActivationCodePoolEntity, ActivationCodeEntity];
