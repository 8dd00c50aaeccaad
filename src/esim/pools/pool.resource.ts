import { ENTITY_TAG, EntityTagged, weakEntityTag } from '../../odata/concurrency/entity-tags';
import { RowRendering } from '../../odata/query/binding/json-render-plan';
import { PreserializedJson } from '../../odata/serialization/preserialized-json';
import { ActivationCodePoolEntity } from './entities/activation-code-pool.entity';

/** A pool as responses show it, with its ETag. It has no `activationCodes`: write-only holds by construction. */
export interface PoolResource extends EntityTagged {
  id: string;
  displayName: string;
  createdDateTime: string;
  modifiedDateTime: string;
  activationCodeCount: number;
}

/**
 * Only the create response echoes the codes, and only those of its own request (spec §4), as the
 * JSON text written while they were prepared.
 */
export interface CreatedPoolResource extends PoolResource {
  activationCodes: PreserializedJson;
}

export function toPoolResource(pool: ActivationCodePoolEntity): PoolResource {
  return {
    id: pool.id,
    displayName: pool.displayName,
    createdDateTime: pool.createdDateTime,
    modifiedDateTime: pool.modifiedDateTime,
    activationCodeCount: pool.activationCodeCount,
    [ENTITY_TAG]: weakEntityTag(pool.version),
  };
}

/** What the database renders of a pool row: every readable property is the column of its name; the version makes the ETag. */
export const POOL_ROW_RENDERING: RowRendering = {
  valueOf: (property, row) => row.column(property),
  versionProperty: 'version',
};
