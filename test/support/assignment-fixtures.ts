import { randomUUID } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { PoolAssignmentEntity } from '../../src/esim/assignments/entities/pool-assignment.entity';
import type { ActivationCode } from '../../src/esim/pools/activation-code';
import { poolBody } from './fixtures';
import { POOLS } from './test-app';

/** Builders and helpers for the pool's contained assignments (spec §1–§3) and its `assign` action. */

export const ASSIGNMENT_TYPE = '#microsoft.graph.embeddedSIMActivationCodePoolAssignment';

export const TARGET_TYPES = {
  group: '#microsoft.graph.groupAssignmentTarget',
  exclusionGroup: '#microsoft.graph.exclusionGroupAssignmentTarget',
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
  allLicensedUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
  configurationManagerCollection: '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
} as const;

export type TargetKind = keyof typeof TARGET_TYPES;

/** A target as a client sends it: its `@odata.type` plus whatever properties it chooses to give. */
export type Target = { '@odata.type': string } & Record<string, unknown>;

export interface Assignment {
  '@odata.type': string;
  id: string;
  target: Target;
}

/** The target of each kind with a fresh group or collection id; `extra` adds or overrides properties. */
export const targets = {
  group: (groupId: string = randomUUID(), extra: Record<string, unknown> = {}): Target => ({
    '@odata.type': TARGET_TYPES.group,
    groupId,
    ...extra,
  }),
  exclusionGroup: (groupId: string = randomUUID(), extra: Record<string, unknown> = {}): Target => ({
    '@odata.type': TARGET_TYPES.exclusionGroup,
    groupId,
    ...extra,
  }),
  allDevices: (extra: Record<string, unknown> = {}): Target => ({ '@odata.type': TARGET_TYPES.allDevices, ...extra }),
  allLicensedUsers: (extra: Record<string, unknown> = {}): Target => ({ '@odata.type': TARGET_TYPES.allLicensedUsers, ...extra }),
  configurationManagerCollection: (collectionId: string = randomUUID(), extra: Record<string, unknown> = {}): Target => ({
    '@odata.type': TARGET_TYPES.configurationManagerCollection,
    collectionId,
    ...extra,
  }),
};

/** One fresh target of every kind, named by its type (`groupAssignmentTarget`, …), for tables that must cover them all. */
export const EVERY_TARGET_KIND: readonly [string, () => Target][] = (Object.keys(targets) as TargetKind[]).map((kind) => [
  TARGET_TYPES[kind].replace('#microsoft.graph.', ''),
  () => targets[kind](),
]);

/** `count` group targets, each with its own group: distinct targets for one pool. */
export function groupTargets(count: number): Target[] {
  return Array.from({ length: count }, () => targets.group());
}

/** A create (POST) body for an assignment. */
export function assignmentBody(target: unknown): Record<string, unknown> {
  return { '@odata.type': ASSIGNMENT_TYPE, target };
}

/**
 * The target as the service reads it back: every property of its type present, the filter id null
 * and the filter type `none` unless the client gave them.
 */
export function targetAsRead(target: Target): Target {
  return {
    deviceAndAppManagementAssignmentFilterId: null,
    deviceAndAppManagementAssignmentFilterType: 'none',
    ...target,
  };
}

export const assignmentsOf = (poolId: string): string => `${POOLS}/${poolId}/assignments`;

/** The two key syntaxes spec §1 accepts for one assignment. */
export const ASSIGNMENT_URL_SYNTAXES: readonly [string, (poolId: string, id: string) => string][] = [
  ['…/{poolId}/assignments/{id}', (poolId, id) => `${POOLS}/${poolId}/assignments/${id}`],
  ["…('{poolId}')/assignments('{id}')", (poolId, id) => `${POOLS}('${poolId}')/assignments('${id}')`],
];

export const assignmentUrl = (poolId: string, id: string): string => `${assignmentsOf(poolId)}/${id}`;

/** The three addresses of the bound action `assign` of one pool. */
export const ASSIGN_URL_SYNTAXES: readonly [string, (poolId: string) => string][] = [
  ['…/{poolId}/assign', (poolId) => `${POOLS}/${poolId}/assign`],
  ['…/{poolId}/microsoft.graph.assign', (poolId) => `${POOLS}/${poolId}/microsoft.graph.assign`],
  ["…('{poolId}')/assign", (poolId) => `${POOLS}('${poolId}')/assign`],
];

export const assignUrl = (poolId: string): string => `${POOLS}/${poolId}/assign`;

/** Creates a pool (without codes unless given) and returns its id. */
export async function createPool(http: TestAgent, displayName = 'Assignment test pool', codes: ActivationCode[] = []): Promise<string> {
  const { body } = await http.post(POOLS).send(poolBody(displayName, codes)).expect(201);
  return body.id as string;
}

/** Creates one assignment of `poolId` and returns it as the create response gave it. */
export async function createAssignment(http: TestAgent, poolId: string, target: Target): Promise<Assignment> {
  const { body } = await http.post(assignmentsOf(poolId)).send(assignmentBody(target)).expect(201);
  return body as Assignment;
}

/** Every assignment of `poolId`, following `@odata.nextLink` (at most 100 pages). */
export async function listAssignments(http: TestAgent, poolId: string, query = ''): Promise<Assignment[]> {
  const items: Assignment[] = [];
  let url: string | undefined = `${assignmentsOf(poolId)}${query === '' ? '' : `?${query}`}`;
  for (let page = 0; url !== undefined; page++) {
    if (page === 100) throw new Error(`listAssignments: more than 100 pages for pool ${poolId}`);
    const response = await http.get(url).expect(200);
    items.push(...(response.body.value as Assignment[]));
    url = relativeNextLink(response.body);
  }
  return items;
}

/** The path and query of a list response's `@odata.nextLink`, for a supertest agent; undefined on the last page. */
export function relativeNextLink(body: { '@odata.nextLink'?: string }): string | undefined {
  const next = body['@odata.nextLink'];
  if (next === undefined) return undefined;
  const url = new URL(next);
  return `${url.pathname}${url.search}`;
}

export const idsOf = (items: readonly { id: string }[]): string[] => items.map((item) => item.id);

export const sortedIds = (items: readonly { id: string }[]): string[] => idsOf(items).sort();

/** Targets in a canonical order (by their JSON, keys sorted), for comparing sets of assignments whatever their order. */
export function sortedTargets(list: readonly Target[]): Target[] {
  return [...list].sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
}

function canonicalJson(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
}

/** An assignment response without the control information that may come along (`@odata.context`, `@odata.etag`). */
export function entityOf(body: object): Record<string, unknown> {
  const entity: Record<string, unknown> = { ...body };
  delete entity['@odata.context'];
  delete entity['@odata.etag'];
  return entity;
}

/** Escapes `text` for use inside a regular expression. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ORIGIN = 'http://127\\.0\\.0\\.1:\\d+';

/** The absolute context URL of one assignment of `poolId` (create, get, PATCH with representation). */
export function assignmentEntityContext(poolId: string): RegExp {
  return new RegExp(
    `^${ORIGIN}${literal(`/beta/$metadata#deviceManagement/embeddedSIMActivationCodePools('${poolId}')/assignments/$entity`)}$`,
  );
}

/** The absolute context URL of the assignments list of `poolId`, with the `$select`ed properties when given. */
export function assignmentsContext(poolId: string, selected?: string): RegExp {
  const selection = selected === undefined ? '' : `(${selected})`;
  return new RegExp(
    `^${ORIGIN}${literal(`/beta/$metadata#deviceManagement/embeddedSIMActivationCodePools('${poolId}')/assignments${selection}`)}$`,
  );
}

/** The absolute URL of one assignment, as `Location` gives it. */
export function assignmentLocation(poolId: string, id: string): RegExp {
  return new RegExp(`^${ORIGIN}${literal(`/beta/deviceManagement/embeddedSIMActivationCodePools('${poolId}')/assignments('${id}')`)}$`);
}

/** The context URL of the `assign` action's result. */
export const ASSIGN_RESULT_CONTEXT = new RegExp(
  `^${ORIGIN}${literal('/beta/$metadata#Collection(microsoft.graph.embeddedSIMActivationCodePoolAssignment)')}$`,
);

/** Rows of `activation_code_pool_assignments` for one pool, straight from the database. */
export function assignmentRowCount(dataSource: DataSource, poolId: string): Promise<number> {
  return dataSource.getRepository(PoolAssignmentEntity).countBy({ poolId });
}
