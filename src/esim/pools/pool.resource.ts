import { ActivationCodeInput } from './dto/pool-write.dto';
import { ActivationCodePoolEntity } from './entities/activation-code-pool.entity';

/** A pool as responses show it. It has no `activationCodes`: write-only holds by construction. */
export interface PoolResource {
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  activationCodeCount: number;
}

export interface ActivationCodeResource {
  integratedCircuitCardIdentifier: string;
  matchingIdentifier: string;
  smdpPlusServerAddress: string;
}

/** Only the create response echoes the codes, and only those of its own request (spec §4). */
export interface CreatedPoolResource extends PoolResource {
  activationCodes: ActivationCodeResource[];
}

export function toPoolResource(pool: ActivationCodePoolEntity): PoolResource {
  return {
    id: pool.id,
    displayName: pool.displayName,
    createdDateTime: pool.createdDateTime,
    modifiedDateTime: pool.modifiedDateTime,
    activationCodeCount: pool.activationCodeCount,
  };
}

export function toActivationCodeResource(code: ActivationCodeInput): ActivationCodeResource {
  return {
    integratedCircuitCardIdentifier: code.integratedCircuitCardIdentifier,
    matchingIdentifier: code.matchingIdentifier,
    smdpPlusServerAddress: code.smdpPlusServerAddress,
  };
}
