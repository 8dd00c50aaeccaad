import { randomUUID } from 'node:crypto';
import { READ_PERMISSION } from '../src/identity/permissions';
import {
  ASSIGN_RESULT_CONTEXT,
  ASSIGN_URL_SYNTAXES,
  ASSIGNMENT_TYPE,
  Assignment,
  assignmentRowCount,
  assignmentUrl,
  assignUrl,
  createAssignment,
  createPool,
  entityOf,
  groupTargets,
  idsOf,
  listAssignments,
  sortedIds,
  sortedTargets,
  Target,
  targetAsRead,
  targets,
} from './support/assignment-fixtures';
import { activationCodes } from './support/fixtures';
import { expectGraphError, GUID } from './support/graph-assertions';
import { useTestApp, TENANT_A, TENANT_B } from './support/test-app';

/** An element of the action's `assignments` parameter, as the Graph SDKs send it. */
const element = (target: unknown) => ({ '@odata.type': ASSIGNMENT_TYPE, target });

/** The action's body for these targets. */
const assignBody = (list: unknown[]) => ({ assignments: list.map(element) });

/**
 * Spec §1, §3: the bound action `assign` replaces the whole assignment set of a pool in one
 * transaction and answers with the new set; a refused call leaves the old set exactly as it was.
 */
describe('the bound action assign (POST …/embeddedSIMActivationCodePools/{poolId}/assign)', () => {
  const t = useTestApp();

  async function poolWithAssignments(list: Target[], displayName = 'Pool to assign') {
    const poolId = await createPool(t.http, displayName);
    const created: Assignment[] = [];
    for (const target of list) created.push(await createAssignment(t.http, poolId, target));
    return { poolId, created };
  }

  describe('replacing the set', () => {
    it.each(ASSIGN_URL_SYNTAXES)('answers a POST to %s with 200 and the new assignments, each with a fresh id', async (_, url) => {
      const { poolId, created: before } = await poolWithAssignments([targets.group(), targets.allDevices()]);
      const sent = [
        targets.exclusionGroup(),
        targets.allLicensedUsers({
          deviceAndAppManagementAssignmentFilterId: randomUUID(),
          deviceAndAppManagementAssignmentFilterType: 'include',
        }),
        targets.configurationManagerCollection(),
      ];

      const response = await t.http.post(url(poolId)).send(assignBody(sent)).expect(200);

      expect(response.body['@odata.context']).toMatch(ASSIGN_RESULT_CONTEXT);
      const value: Assignment[] = response.body.value;
      expect(value).toHaveLength(3);
      for (const assignment of value) {
        expect(assignment).toEqual({
          '@odata.type': ASSIGNMENT_TYPE,
          '@odata.etag': 'W/"1"',
          id: expect.stringMatching(GUID),
          target: expect.any(Object),
        });
        expect(idsOf(before)).not.toContain(assignment.id);
      }
      expect(new Set(idsOf(value)).size).toBe(3);
      expect(sortedTargets(value.map((assignment) => assignment.target))).toEqual(sortedTargets(sent.map(targetAsRead)));
    });

    it('leaves exactly the new set in the assignments list, each readable by its id', async () => {
      const { poolId, created: before } = await poolWithAssignments(groupTargets(3));
      const sent = [targets.allDevices(), targets.group()];
      const { body } = await t.http.post(assignUrl(poolId)).send(assignBody(sent)).expect(200);

      const listed = await listAssignments(t.http, poolId);
      expect(sortedIds(listed)).toEqual(sortedIds(body.value));
      expect(sortedTargets(listed.map((assignment) => assignment.target))).toEqual(sortedTargets(sent.map(targetAsRead)));
      for (const assignment of body.value as Assignment[]) {
        const { body: read } = await t.http.get(assignmentUrl(poolId, assignment.id)).expect(200);
        expect(entityOf(read)).toEqual(entityOf(assignment));
      }
      for (const old of before) expectGraphError(await t.http.get(assignmentUrl(poolId, old.id)), 404, 'itemNotFound');
    });

    it('replaces rather than appends: after two calls only the second set remains', async () => {
      const poolId = await createPool(t.http);
      const first = [targets.group(), targets.exclusionGroup()];
      const second = [targets.configurationManagerCollection(), targets.allLicensedUsers()];
      await t.http.post(assignUrl(poolId)).send(assignBody(first)).expect(200);
      const { body } = await t.http.post(assignUrl(poolId)).send(assignBody(second)).expect(200);

      const listed = await listAssignments(t.http, poolId);
      expect(sortedIds(listed)).toEqual(sortedIds(body.value));
      expect(sortedTargets(listed.map((assignment) => assignment.target))).toEqual(sortedTargets(second.map(targetAsRead)));
      expect(await assignmentRowCount(t.dataSource, poolId)).toBe(2);
    });

    it('accepts the targets the pool already has, without a conflict, and gives them fresh ids', async () => {
      const kept = [targets.group(), targets.allDevices()];
      const { poolId, created: before } = await poolWithAssignments(kept);
      const { body } = await t.http.post(assignUrl(poolId)).send(assignBody(kept)).expect(200);
      expect(sortedTargets(body.value.map((assignment: Assignment) => assignment.target))).toEqual(sortedTargets(kept.map(targetAsRead)));
      for (const assignment of body.value) expect(idsOf(before)).not.toContain(assignment.id);
      expect(sortedIds(await listAssignments(t.http, poolId))).toEqual(sortedIds(body.value));
    });

    it('ignores the id a client sends on an element, and accepts elements without @odata.type', async () => {
      const poolId = await createPool(t.http);
      const clientIds = [randomUUID(), randomUUID()];
      const sent = [targets.group(), targets.allDevices()];
      const { body } = await t.http
        .post(assignUrl(poolId))
        .send({
          assignments: [
            { '@odata.type': ASSIGNMENT_TYPE, id: clientIds[0], target: sent[0] },
            { id: clientIds[1], target: sent[1] },
          ],
        })
        .expect(200);
      expect(body.value).toHaveLength(2);
      for (const assignment of body.value) {
        expect(assignment.id).toMatch(GUID);
        expect(clientIds).not.toContain(assignment.id);
      }
      for (const clientId of clientIds) expectGraphError(await t.http.get(assignmentUrl(poolId, clientId)), 404, 'itemNotFound');
    });

    it('removes every assignment when given an empty list', async () => {
      const { poolId } = await poolWithAssignments([targets.group(), targets.allLicensedUsers(), targets.configurationManagerCollection()]);
      const { body } = await t.http.post(assignUrl(poolId)).send({ assignments: [] }).expect(200);
      expect(body['@odata.context']).toMatch(ASSIGN_RESULT_CONTEXT);
      expect(body.value).toEqual([]);
      expect(await listAssignments(t.http, poolId)).toEqual([]);
      expect(await assignmentRowCount(t.dataSource, poolId)).toBe(0);
    });

    it("changes only the pool it is bound to, not the tenant's other pools", async () => {
      const { poolId } = await poolWithAssignments([targets.group()]);
      const { poolId: otherPoolId, created: others } = await poolWithAssignments([targets.allDevices(), targets.group()], 'Bystander');
      await t.http
        .post(assignUrl(poolId))
        .send(assignBody([targets.allDevices()]))
        .expect(200);
      await t.http.post(assignUrl(poolId)).send({ assignments: [] }).expect(200);
      expect(sortedIds(await listAssignments(t.http, otherPoolId))).toEqual(sortedIds(others));
    });

    it('contains no activation codes of the pool in its answer', async () => {
      const codes = activationCodes(3);
      const poolId = await createPool(t.http, 'Assigned pool with secret codes', codes);
      const response = await t.http
        .post(assignUrl(poolId))
        .send(assignBody([targets.group(), targets.allDevices()]))
        .expect(200);
      expect(response.text).not.toContain('activationCodes');
      for (const code of codes) expect(response.text).not.toContain(code.matchingIdentifier);
    });
  });

  describe('refused calls leave the set unchanged', () => {
    let poolId: string;
    let before: Assignment[];

    beforeAll(async () => {
      ({ poolId, created: before } = await poolWithAssignments([targets.group(), targets.allDevices()], 'Guarded set'));
    });

    /** The pool's assignments are still exactly those it had before the refused call. */
    async function expectSetUnchanged() {
      const listed = await listAssignments(t.http, poolId);
      expect(sortedIds(listed)).toEqual(sortedIds(before));
      expect(sortedTargets(listed.map((assignment) => assignment.target))).toEqual(
        sortedTargets(before.map((assignment) => assignment.target)),
      );
    }

    const sharedGroup = randomUUID();
    it.each<[string, unknown, RegExp | undefined]>([
      [
        'two identical group targets',
        assignBody([targets.group(sharedGroup), targets.allLicensedUsers(), targets.group(sharedGroup)]),
        undefined,
      ],
      [
        'two all-devices targets that differ only in their filter',
        assignBody([
          targets.allDevices(),
          targets.allDevices({
            deviceAndAppManagementAssignmentFilterId: randomUUID(),
            deviceAndAppManagementAssignmentFilterType: 'include',
          }),
        ]),
        undefined,
      ],
      [
        'an unknown target type at index 1',
        assignBody([targets.allDevices(), { '@odata.type': '#microsoft.graph.userAssignmentTarget' }]),
        /assignments\[1\]\.target\.@odata\.type/,
      ],
      [
        'the abstract target type at index 0',
        assignBody([{ '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentTarget' }]),
        /assignments\[0\]\.target\.@odata\.type/,
      ],
      ['an element without target at index 0', { assignments: [{ '@odata.type': ASSIGNMENT_TYPE }] }, /assignments\[0\]\.target/],
      ['an element with target null at index 1', assignBody([targets.group(), null]), /assignments\[1\]\.target/],
      [
        'a group target without groupId at index 1',
        assignBody([targets.allDevices(), { '@odata.type': '#microsoft.graph.groupAssignmentTarget' }]),
        /assignments\[1\]\.target\.groupId/,
      ],
      [
        'a groupId that is no GUID at index 2',
        assignBody([targets.group(), targets.allDevices(), targets.group('all-staff')]),
        /assignments\[2\]\.target\.groupId/,
      ],
      [
        'a filter type given by its member value at index 0',
        assignBody([targets.group(randomUUID(), { deviceAndAppManagementAssignmentFilterType: 2 })]),
        /assignments\[0\]\.target\.deviceAndAppManagementAssignmentFilterType/,
      ],
      [
        'an unknown property in a target at index 1',
        assignBody([targets.group(), targets.allDevices({ colour: 'red' })]),
        /assignments\[1\]\.target\.colour/,
      ],
      ['an element that is not an object', { assignments: ['#microsoft.graph.allDevicesAssignmentTarget'] }, /assignments\[0\]/],
      // Found by test/fuzz-write-bodies.e2e-spec.ts: a null element passed the checks and the action failed with a 500.
      ['a null element at index 1', { assignments: [element(targets.allDevices()), null] }, /'assignments\[1\]' must not be null/],
      ['a body without assignments', {}, /\bassignments\b/],
      ['assignments: null', { assignments: null }, /\bassignments\b/],
      ['assignments that is an object, not an array', { assignments: element(targets.allDevices()) }, /\bassignments\b/],
      ['an unknown parameter beside assignments', { ...assignBody([targets.allDevices()]), replace: true }, /\breplace\b/],
    ])('refuses %s with 400', async (_, body, message) => {
      expectGraphError(await t.http.post(assignUrl(poolId)).send(body as object), 400, 'invalidRequest', message);
      await expectSetUnchanged();
    });

    it('answers a pool that does not exist with 404 itemNotFound', async () => {
      const response = await t.http.post(assignUrl(randomUUID())).send(assignBody([targets.allDevices()]));
      expectGraphError(response, 404, 'itemNotFound');
    });

    it("answers another tenant's call on the pool with 404, exactly like a pool that does not exist", async () => {
      const tenantB = await t.as({ tenantId: TENANT_B });
      const unknownPoolId = randomUUID();
      for (const body of [assignBody([targets.allDevices()]), { assignments: [] }]) {
        const aboutPool = await tenantB.post(assignUrl(poolId)).send(body);
        const aboutUnknown = await tenantB.post(assignUrl(unknownPoolId)).send(body);
        expectGraphError(aboutPool, 404, 'itemNotFound');
        expectGraphError(aboutUnknown, 404, 'itemNotFound');
        expect(aboutPool.body.error.message.replace(poolId, '<id>')).toBe(aboutUnknown.body.error.message.replace(unknownPoolId, '<id>'));
      }
      await expectSetUnchanged();
    });

    it.each(ASSIGN_URL_SYNTAXES)('answers a malformed pool id at %s with 400', async (_, url) => {
      expectGraphError(
        await t.http.post(url('not-a-guid')).send(assignBody([targets.allDevices()])),
        400,
        'invalidRequest',
        /not a valid id/,
      );
    });

    it('answers GET on …/assign with 405 and an Allow header', async () => {
      const response = await t.http.get(assignUrl(poolId));
      expectGraphError(response, 405, 'notSupported', /method GET/);
      expect(response.headers.allow).toMatch(/\bPOST\b/);
      expect(response.headers.allow).not.toMatch(/\bGET\b/);
      await expectSetUnchanged();
    });

    it('refuses a caller with read-only permission with 403 accessDenied', async () => {
      const reader = await t.as({ tenantId: TENANT_A, permissions: [READ_PERMISSION] });
      for (const body of [assignBody([targets.exclusionGroup()]), { assignments: [] }]) {
        expectGraphError(
          await reader.post(assignUrl(poolId)).send(body),
          403,
          'accessDenied',
          /DeviceManagementConfiguration\.ReadWrite\.All/,
        );
      }
      await expectSetUnchanged();
    });
  });
});
