import { GUID_SOURCE } from '../common/guid';
import { GRAPH_BASE_SCHEMA, GRAPH_ENTITY_CONTAINER, GRAPH_NAMESPACE } from '../graph/graph-schema';
import { EdmModel } from '../odata/edm/edm-model';
import { EdmProperty, EdmSchemaFragment, EdmStructuredType } from '../odata/edm/edm-types';

const ns = (name: string) => `${GRAPH_NAMESPACE}.${name}`;

export const POOL_TYPE = ns('embeddedSIMActivationCodePool');
export const ACTIVATION_CODE_TYPE = ns('embeddedSIMActivationCode');
export const ASSIGNMENT_TYPE = ns('embeddedSIMActivationCodePoolAssignment');
export const DEVICE_STATE_TYPE = ns('embeddedSIMDeviceState');
export const DEVICE_STATE_VALUE_TYPE = ns('embeddedSIMDeviceStateValue');
export const ASSIGNMENT_TARGET_TYPE = ns('deviceAndAppManagementAssignmentTarget');
export const FILTER_TYPE_TYPE = ns('deviceAndAppManagementAssignmentFilterType');
export const ASSIGN_ACTION = ns('assign');

/** Resource paths from a service root, as the controllers declare them (`:name` is a key). */
export const POOLS_PATH = 'deviceManagement/embeddedSIMActivationCodePools';
export const POOL_PATH = `${POOLS_PATH}/:poolId`;
export const ASSIGNMENTS_PATH = `${POOL_PATH}/assignments`;
export const DEVICE_STATES_PATH = `${POOL_PATH}/deviceStates`;

const ICCID_PATTERN = { pattern: /^[0-9]{19}[0-9]?$/, patternDescription: 'must be 19 or 20 digits' } as const;
const GUID_FACET = {
  pattern: new RegExp(`^${GUID_SOURCE}$`),
  patternDescription: "must be a GUID such as 'b3a2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d'",
};

/**
 * An activation code as a client writes it, with the schema's own patterns (spec §2). The same
 * facets validate request bodies and are published in `$metadata`.
 */
export const ACTIVATION_CODE_EDM_TYPE = {
  kind: 'complex',
  name: 'embeddedSIMActivationCode',
  properties: [
    { name: 'integratedCircuitCardIdentifier', type: 'Edm.String', nullable: false, ...ICCID_PATTERN },
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
  // Spec §9: assignments and device states carry ETags, as pools do, and their writes honour If-Match.
  navigationProperties: [
    { name: 'assignments', type: ASSIGNMENT_TYPE, collection: true, containsTarget: true, optimisticConcurrency: true },
    { name: 'deviceStates', type: DEVICE_STATE_TYPE, collection: true, containsTarget: true, optimisticConcurrency: true },
  ],
};

export const ASSIGNMENT_EDM_TYPE: EdmStructuredType = {
  kind: 'entity',
  name: 'embeddedSIMActivationCodePoolAssignment',
  baseType: ns('entity'),
  properties: [{ name: 'target', type: ASSIGNMENT_TARGET_TYPE, nullable: false }],
};

/** Facets of our own where Graph publishes none, so that every stored string has a bound. */
const DEVICE_STATE_PROPERTIES: readonly EdmProperty[] = [
  { name: 'createdDateTime', type: 'Edm.DateTimeOffset', nullable: false, computed: true },
  { name: 'deviceName', type: 'Edm.String', maxLength: 256 },
  { name: 'lastSyncDateTime', type: 'Edm.DateTimeOffset' },
  { name: 'modifiedDateTime', type: 'Edm.DateTimeOffset', nullable: false, computed: true },
  { name: 'state', type: DEVICE_STATE_VALUE_TYPE, nullable: false },
  { name: 'stateDetails', type: 'Edm.String', maxLength: 2048 },
  { name: 'universalIntegratedCircuitCardIdentifier', type: 'Edm.String', ...ICCID_PATTERN },
  { name: 'userName', type: 'Edm.String', maxLength: 320 },
];

export const DEVICE_STATE_EDM_TYPE: EdmStructuredType = {
  kind: 'entity',
  name: 'embeddedSIMDeviceState',
  baseType: ns('entity'),
  searchProperties: ['deviceName', 'userName'],
  properties: DEVICE_STATE_PROPERTIES,
};

/** The eSIM part of the model, as the contract's `csdl.xml` describes it. */
export const ESIM_SCHEMA: EdmSchemaFragment = {
  namespace: GRAPH_NAMESPACE,
  // The singleton only names the caller's tenant: nothing of it can change, and its pools are listed at their own path.
  singletons: [{ name: 'deviceManagement', type: ns('deviceManagement'), updatable: false, expandable: false }],
  actions: [
    {
      name: 'assign',
      isBound: true,
      parameters: [
        { name: 'bindingParameter', type: POOL_TYPE },
        { name: 'assignments', type: ASSIGNMENT_TYPE, collection: true },
      ],
      returnType: { type: ASSIGNMENT_TYPE, collection: true },
    },
  ],
  types: [
    {
      kind: 'entity',
      name: 'deviceManagement',
      baseType: ns('entity'),
      properties: [],
      navigationProperties: [
        { name: 'embeddedSIMActivationCodePools', type: POOL_TYPE, collection: true, containsTarget: true, optimisticConcurrency: true },
      ],
    },
    POOL_EDM_TYPE,
    ACTIVATION_CODE_EDM_TYPE,
    ASSIGNMENT_EDM_TYPE,
    DEVICE_STATE_EDM_TYPE,
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
        { name: 'deviceAndAppManagementAssignmentFilterId', type: 'Edm.String', ...GUID_FACET },
        { name: 'deviceAndAppManagementAssignmentFilterType', type: FILTER_TYPE_TYPE, nullable: false, defaultValue: 'none' },
      ],
    },
    { kind: 'complex', name: 'allDevicesAssignmentTarget', baseType: ASSIGNMENT_TARGET_TYPE, properties: [] },
    { kind: 'complex', name: 'allLicensedUsersAssignmentTarget', baseType: ASSIGNMENT_TARGET_TYPE, properties: [] },
    {
      kind: 'complex',
      name: 'configurationManagerCollectionAssignmentTarget',
      baseType: ASSIGNMENT_TARGET_TYPE,
      properties: [{ name: 'collectionId', type: 'Edm.String', ...GUID_FACET }],
    },
    {
      kind: 'complex',
      name: 'groupAssignmentTarget',
      baseType: ASSIGNMENT_TARGET_TYPE,
      properties: [{ name: 'groupId', type: 'Edm.String', ...GUID_FACET }],
    },
    { kind: 'complex', name: 'exclusionGroupAssignmentTarget', baseType: ns('groupAssignmentTarget'), properties: [] },
  ],
};

/**
 * The types the eSIM resources are written with, as a model of their own: DTO checks are compiled
 * from it when the classes load (in worker threads too), outside dependency injection. It holds the
 * same fragments the service registers with the model that serves `$metadata`.
 */
export const ESIM_MODEL = EdmModel.of(GRAPH_ENTITY_CONTAINER, GRAPH_BASE_SCHEMA, ESIM_SCHEMA);
