import { AppError } from '../../common/app-error';
import { RowSql } from '../../odata/query/binding/json-render-plan';
import { ESIM_MODEL, FILTER_TYPE_TYPE } from '../esim.schema';
import { PoolAssignmentEntity } from './entities/pool-assignment.entity';

export type FilterType = 'none' | 'include' | 'exclude';

/** An assignment target as a client writes it and the service returns it (spec §2), checked against the EDM. */
export interface AssignmentTarget {
  readonly '@odata.type': string;
  readonly groupId?: string;
  readonly collectionId?: string;
  readonly deviceAndAppManagementAssignmentFilterId?: string | null;
  readonly deviceAndAppManagementAssignmentFilterType?: FilterType;
}

/** The stored form of a target: its kind, the id it names (empty when it names none), its filter. */
export type TargetColumns = Pick<PoolAssignmentEntity, 'targetType' | 'targetId' | 'filterId' | 'filterType'>;

/** The property that names what a target of each concrete kind points at; the all-devices and all-users kinds name nothing. */
const ID_PROPERTY_OF_KIND: Readonly<Record<string, 'groupId' | 'collectionId' | undefined>> = {
  'microsoft.graph.groupAssignmentTarget': 'groupId',
  'microsoft.graph.exclusionGroupAssignmentTarget': 'groupId',
  'microsoft.graph.configurationManagerCollectionAssignmentTarget': 'collectionId',
  'microsoft.graph.allDevicesAssignmentTarget': undefined,
  'microsoft.graph.allLicensedUsersAssignmentTarget': undefined,
};

const FILTER_TYPES = ESIM_MODEL.enumMembers(FILTER_TYPE_TYPE);

/**
 * The columns a target is stored in. The body checks (compiled from the EDM) have made sure of the
 * kind and of each property's form; a target must also name what it points at, which the published
 * schema leaves nullable: a group target without a group assigns nothing.
 */
export function targetColumns(target: AssignmentTarget, path: string): TargetColumns {
  const targetType = target['@odata.type'].replace(/^#/, '');
  const idProperty = ID_PROPERTY_OF_KIND[targetType];
  const targetId = idProperty === undefined ? '' : target[idProperty];
  if (targetId === undefined || targetId === null) {
    throw AppError.invalidInput(`'${path}.${idProperty}' is required for a target of type #${targetType}.`);
  }
  return {
    targetType,
    targetId: targetId.toLowerCase(),
    filterId: target.deviceAndAppManagementAssignmentFilterId?.toLowerCase() ?? null,
    filterType: FILTER_TYPES.valueOf(target.deviceAndAppManagementAssignmentFilterType ?? 'none'),
  };
}

/** The target as responses show it: its kind and every property of that kind. */
export function targetOf(columns: TargetColumns): AssignmentTarget {
  const idProperty = ID_PROPERTY_OF_KIND[columns.targetType];
  return {
    '@odata.type': `#${columns.targetType}`,
    deviceAndAppManagementAssignmentFilterId: columns.filterId,
    deviceAndAppManagementAssignmentFilterType: FILTER_TYPES.nameOf(columns.filterType) as FilterType,
    ...(idProperty === undefined ? {} : { [idProperty]: columns.targetId }),
  };
}

/** `targetOf` as SQL over the stored columns, for the database to render the target itself. */
export function targetSql(row: RowSql): string {
  const kind = row.column('targetType');
  const common: [string, string][] = [
    ['@odata.type', `(${row.text('#')} || ${kind})`],
    ['deviceAndAppManagementAssignmentFilterId', row.column('filterId')],
    ['deviceAndAppManagementAssignmentFilterType', row.enumMember(FILTER_TYPE_TYPE, row.column('filterType'))],
  ];
  const naming = Object.entries(ID_PROPERTY_OF_KIND).flatMap(([targetType, idProperty]) =>
    idProperty === undefined
      ? []
      : [`WHEN ${kind} = ${row.text(targetType)} THEN ${row.object([...common, [idProperty, row.column('targetId')]])}`],
  );
  return `(CASE ${naming.join(' ')} ELSE ${row.object(common)} END)`;
}

/** Two targets are the same when they are of one kind and point at one thing (filters aside). */
export function sameTarget(a: TargetColumns, b: TargetColumns): boolean {
  return a.targetType === b.targetType && a.targetId === b.targetId;
}
