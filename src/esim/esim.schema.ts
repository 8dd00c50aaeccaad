import { GRAPH_NAMESPACE } from '../graph/graph-schema';
import { EdmSchemaFragment, EdmStructuredType } from '../odata/edm/edm-types';

const ns = (name: string) => `${GRAPH_NAMESPACE}.${name}`;

export const POOL_TYPE = ns('embeddedSIMActivationCodePool');
export const ACTIVATION_CODE_TYPE = ns('embeddedSIMActivationCode');
export const POOLS_PATH = 'deviceManagement/embeddedSIMActivationCodePools';

/**
 * An activation code as a client writes it, with the schema's own patterns (spec §2). The same
 * facets validate request bodies and are published in `$metadata`.
 */
export const ACTIVATION_CODE_EDM_TYPE = {
  kind: 'complex',
  name: 'embeddedSIMActivationCode',
  properties: [
    {
      name: 'integratedCircuitCardIdentifier',
      type: 'Edm.String',
      nullable: false,
      pattern: /^[0-9]{19}[0-9]?$/,
      patternDescription: 'must be 19 or 20 digits',
    },
    {
      name: 'matchingIdentifier',
      type: 'Edm.String',
      nullable: false,
      maxLength: 255,
      pattern: /^[a-zA-Z0-9-]+$/,
      patternDescription: 'must be letters, digits and hyphens only',
    },
    {
      name: 'smdpPlusServerAddress',
      type: 'Edm.String',
      nullable: false,
      maxLength: 253,
      pattern: /^([a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.)+[a-zA-Z]{2,}$/,
      patternDescription: "must be a fully qualified domain name such as 'smdp.example.com'",
    },
  ],
} as const satisfies EdmStructuredType;

export const POOL_EDM_TYPE: EdmStructuredType = {
  kind: 'entity',
  name: 'embeddedSIMActivationCodePool',
  baseType: ns('entity'),
  searchProperties: ['displayName'],
  properties: [
    { name: 'activationCodeCount', type: 'Edm.Int32', nullable: false, computed: true },
    { name: 'activationCodes', type: ACTIVATION_CODE_TYPE, collection: true, nullable: false, writeOnly: true },
    { name: 'createdDateTime', type: 'Edm.DateTimeOffset', nullable: false, computed: true },
    { name: 'displayName', type: 'Edm.String', nullable: false, maxLength: 256 },
    { name: 'modifiedDateTime', type: 'Edm.DateTimeOffset', nullable: false, computed: true },
  ],
  navigationProperties: [
    { name: 'assignments', type: ns('embeddedSIMActivationCodePoolAssignment'), collection: true, containsTarget: true },
    { name: 'deviceStates', type: ns('embeddedSIMDeviceState'), collection: true, containsTarget: true },
  ],
};

/** The eSIM part of the model, as `../shared/spec/csdl.xml` describes it. */
export const ESIM_SCHEMA: EdmSchemaFragment = {
  namespace: GRAPH_NAMESPACE,
  singletons: [{ name: 'deviceManagement', type: ns('deviceManagement') }],
  actions: [
    {
      name: 'assign',
      isBound: true,
      parameters: [
        { name: 'bindingParameter', type: POOL_TYPE },
        { name: 'assignments', type: ns('embeddedSIMActivationCodePoolAssignment'), collection: true },
      ],
      returnType: { type: ns('embeddedSIMActivationCodePoolAssignment'), collection: true },
    },
  ],
  types: [
    {
      kind: 'entity',
      name: 'deviceManagement',
      baseType: ns('entity'),
      properties: [],
      navigationProperties: [{ name: 'embeddedSIMActivationCodePools', type: POOL_TYPE, collection: true, containsTarget: true }],
    },
    POOL_EDM_TYPE,
    ACTIVATION_CODE_EDM_TYPE,
    {
      kind: 'entity',
      name: 'embeddedSIMActivationCodePoolAssignment',
      baseType: ns('entity'),
      properties: [{ name: 'target', type: ns('deviceAndAppManagementAssignmentTarget'), nullable: false }],
    },
    {
      kind: 'entity',
      name: 'embeddedSIMDeviceState',
      baseType: ns('entity'),
      searchProperties: ['deviceName', 'userName'],
      properties: [
        { name: 'createdDateTime', type: 'Edm.DateTimeOffset', nullable: false, computed: true },
        { name: 'deviceName', type: 'Edm.String' },
        { name: 'lastSyncDateTime', type: 'Edm.DateTimeOffset' },
        { name: 'modifiedDateTime', type: 'Edm.DateTimeOffset', nullable: false, computed: true },
        { name: 'state', type: ns('embeddedSIMDeviceStateValue'), nullable: false },
        { name: 'stateDetails', type: 'Edm.String' },
        { name: 'universalIntegratedCircuitCardIdentifier', type: 'Edm.String' },
        { name: 'userName', type: 'Edm.String' },
      ],
    },
    {
      kind: 'enum',
      name: 'embeddedSIMDeviceStateValue',
      members: ['notEvaluated', 'failed', 'installing', 'installed', 'deleting', 'error', 'deleted', 'removedByUser'].map(
        (name, value) => ({ name, value }),
      ),
    },
    {
      kind: 'enum',
      name: 'deviceAndAppManagementAssignmentFilterType',
      members: ['none', 'include', 'exclude'].map((name, value) => ({ name, value })),
    },
    {
      kind: 'complex',
      name: 'deviceAndAppManagementAssignmentTarget',
      abstract: true,
      properties: [
        { name: 'deviceAndAppManagementAssignmentFilterId', type: 'Edm.String' },
        { name: 'deviceAndAppManagementAssignmentFilterType', type: ns('deviceAndAppManagementAssignmentFilterType'), nullable: false },
      ],
    },
    { kind: 'complex', name: 'allDevicesAssignmentTarget', baseType: ns('deviceAndAppManagementAssignmentTarget'), properties: [] },
    { kind: 'complex', name: 'allLicensedUsersAssignmentTarget', baseType: ns('deviceAndAppManagementAssignmentTarget'), properties: [] },
    {
      kind: 'complex',
      name: 'configurationManagerCollectionAssignmentTarget',
      baseType: ns('deviceAndAppManagementAssignmentTarget'),
      properties: [{ name: 'collectionId', type: 'Edm.String' }],
    },
    {
      kind: 'complex',
      name: 'groupAssignmentTarget',
      baseType: ns('deviceAndAppManagementAssignmentTarget'),
      properties: [{ name: 'groupId', type: 'Edm.String' }],
    },
    { kind: 'complex', name: 'exclusionGroupAssignmentTarget', baseType: ns('groupAssignmentTarget'), properties: [] },
  ],
};
