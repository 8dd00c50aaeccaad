import { randomUUID } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { READ_PERMISSION } from '../src/identity/permissions';
import {
  ASSIGNMENT_TYPE,
  ASSIGNMENT_URL_SYNTAXES,
  Assignment,
  assignmentBody,
  assignmentEntityContext,
  assignmentLocation,
  assignmentRowCount,
  assignmentsContext,
  assignmentsOf,
  assignmentUrl,
  createAssignment,
  createPool,
  entityOf,
  EVERY_TARGET_KIND,
  groupTargets,
  idsOf,
  listAssignments,
  relativeNextLink,
  sortedIds,
  Target,
  targetAsRead,
  targets,
} from './support/assignment-fixtures';
import { activationCodes } from './support/fixtures';
import { expectGraphError, GUID } from './support/graph-assertions';
import { POOLS, useTestApp, TENANT_A, TENANT_B } from './support/test-app';

/**
 * Spec §1–§3, §7–§8 for the pool's contained navigation `assignments`: one assignment per target and
 * pool, every target read back with every property of its type, addressed only through its own pool
 * and tenant.
 */
describe('assignments of a pool (…/embeddedSIMActivationCodePools/{poolId}/assignments)', () => {
  const t = useTestApp();

  /** Asserts that `call` answers about `id` exactly as about an id that never existed: 404 itemNotFound, same message. */
  async function expectSameAsUnknown(call: (id: string) => request.Test, id: string) {
    const unknownId = randomUUID();
    const aboutId = await call(id);
    const aboutUnknown = await call(unknownId);
    expectGraphError(aboutId, 404, 'itemNotFound');
    expectGraphError(aboutUnknown, 404, 'itemNotFound');
    expect(aboutId.body.error.message.replace(id, '<id>')).toBe(aboutUnknown.body.error.message.replace(unknownId, '<id>'));
  }

  describe('create', () => {
    it.each(EVERY_TARGET_KIND)(
      'answers a POST with a target of type %s with 201, the entity with every target property, its context and a Location',
      async (_, target) => {
        const poolId = await createPool(t.http);
        const sent = target();
        const response = await t.http.post(assignmentsOf(poolId)).send(assignmentBody(sent)).expect(201);
        const { body } = response;
        expect(body.id).toMatch(GUID);
        expect(entityOf(body)).toEqual({ '@odata.type': ASSIGNMENT_TYPE, id: body.id, target: targetAsRead(sent) });
        expect(body['@odata.context']).toMatch(assignmentEntityContext(poolId));
        expect(response.headers.location).toMatch(assignmentLocation(poolId, body.id));
      },
    );

    it.each(['include', 'exclude', 'none'])(
      'keeps the assignment filter id and the filter type %s the client gives',
      async (filterType) => {
        const poolId = await createPool(t.http);
        const sent = targets.group(randomUUID(), {
          deviceAndAppManagementAssignmentFilterId: randomUUID(),
          deviceAndAppManagementAssignmentFilterType: filterType,
        });
        const created = await createAssignment(t.http, poolId, sent);
        expect(created.target).toEqual(targetAsRead(sent));
        const { body } = await t.http.get(assignmentUrl(poolId, created.id)).expect(200);
        expect(body.target).toEqual(sent);
      },
    );

    it('ignores an id in the body: the service chooses the id', async () => {
      const poolId = await createPool(t.http);
      const clientId = randomUUID();
      const { body } = await t.http
        .post(assignmentsOf(poolId))
        .send({ ...assignmentBody(targets.allDevices()), id: clientId })
        .expect(201);
      expect(body.id).toMatch(GUID);
      expect(body.id).not.toBe(clientId);
      expectGraphError(await t.http.get(assignmentUrl(poolId, clientId)), 404, 'itemNotFound');
    });

    it('accepts a body without @odata.type', async () => {
      const poolId = await createPool(t.http);
      const target = targets.configurationManagerCollection();
      const { body } = await t.http.post(assignmentsOf(poolId)).send({ target }).expect(201);
      expect(body['@odata.type']).toBe(ASSIGNMENT_TYPE);
      expect(body.target).toEqual(targetAsRead(target));
    });

    const NOT_A_GUID = 'sales-team-emea';
    it.each<[string, unknown, RegExp]>([
      ['a body without target', {}, /\btarget\b/],
      ['target: null', { target: null }, /\btarget\b/],
      ['a target that is a string', { target: '#microsoft.graph.allDevicesAssignmentTarget' }, /\btarget\b/],
      ['a target without @odata.type', { target: { groupId: randomUUID() } }, /target\.@odata\.type/],
      [
        'the abstract target type',
        { target: { '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentTarget' } },
        /target\.@odata\.type/,
      ],
      [
        'an unknown target type',
        { target: { '@odata.type': '#microsoft.graph.userAssignmentTarget', userId: randomUUID() } },
        /target\.@odata\.type/,
      ],
      ['a group target without groupId', { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget' } }, /target\.groupId/],
      [
        'an exclusion-group target without groupId',
        { target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget' } },
        /target\.groupId/,
      ],
      [
        'a configuration manager collection target without collectionId',
        { target: { '@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget' } },
        /target\.collectionId/,
      ],
      ['a group target with groupId null', { target: targets.group(randomUUID(), { groupId: null }) }, /target\.groupId/],
      ['a groupId that is no GUID', { target: targets.group(NOT_A_GUID) }, /target\.groupId/],
      ['a numeric groupId', { target: targets.group(randomUUID(), { groupId: 42 }) }, /target\.groupId/],
      ['a collectionId that is no GUID', { target: targets.configurationManagerCollection('SMS00001') }, /target\.collectionId/],
      [
        'a filter id that is no GUID',
        { target: targets.allDevices({ deviceAndAppManagementAssignmentFilterId: NOT_A_GUID }) },
        /target\.deviceAndAppManagementAssignmentFilterId/,
      ],
      [
        "the filter type 'sometimes'",
        { target: targets.group(randomUUID(), { deviceAndAppManagementAssignmentFilterType: 'sometimes' }) },
        /target\.deviceAndAppManagementAssignmentFilterType/,
      ],
      [
        'the filter type given by its member value 1 rather than its name',
        { target: targets.group(randomUUID(), { deviceAndAppManagementAssignmentFilterType: 1 }) },
        /target\.deviceAndAppManagementAssignmentFilterType/,
      ],
      [
        'the filter type null',
        { target: targets.allLicensedUsers({ deviceAndAppManagementAssignmentFilterType: null }) },
        /target\.deviceAndAppManagementAssignmentFilterType/,
      ],
      ['an unknown property in the target', { target: targets.group(randomUUID(), { colour: 'red' }) }, /target\.colour/],
      ['a groupId on an all-devices target', { target: targets.allDevices({ groupId: randomUUID() }) }, /target\.groupId/],
      ['a collectionId on a group target', { target: targets.group(randomUUID(), { collectionId: randomUUID() }) }, /target\.collectionId/],
      ['an unknown property at the top level', { ...assignmentBody(targets.allDevices()), priority: 1 }, /\bpriority\b/],
      [
        'an @odata.type naming another entity type',
        { '@odata.type': '#microsoft.graph.embeddedSIMActivationCodePool', target: targets.allDevices() },
        /@odata\.type/,
      ],
    ])('refuses %s with a 400 naming the property, and stores nothing', async (_, body, message) => {
      const poolId = await createPool(t.http);
      expectGraphError(await t.http.post(assignmentsOf(poolId)).send(body as object), 400, 'invalidRequest', message);
      expect(await listAssignments(t.http, poolId)).toEqual([]);
    });
  });

  describe('one assignment per target and pool', () => {
    it.each(EVERY_TARGET_KIND)('refuses a second assignment with the same target of type %s with 409 conflict', async (_, target) => {
      const poolId = await createPool(t.http);
      const sent = target();
      const first = await createAssignment(t.http, poolId, sent);
      expectGraphError(await t.http.post(assignmentsOf(poolId)).send(assignmentBody(sent)), 409, 'conflict');
      expect(idsOf(await listAssignments(t.http, poolId))).toEqual([first.id]);
    });

    it.each<[string, Target, Target]>([
      [
        'a group target',
        targets.group('0f8fad5b-d9cb-469f-a165-70867728950e'),
        targets.group('0f8fad5b-d9cb-469f-a165-70867728950e', {
          deviceAndAppManagementAssignmentFilterId: randomUUID(),
          deviceAndAppManagementAssignmentFilterType: 'include',
        }),
      ],
      [
        'an all-devices target',
        targets.allDevices(),
        targets.allDevices({
          deviceAndAppManagementAssignmentFilterId: randomUUID(),
          deviceAndAppManagementAssignmentFilterType: 'exclude',
        }),
      ],
      [
        'an all-licensed-users target',
        targets.allLicensedUsers({
          deviceAndAppManagementAssignmentFilterId: randomUUID(),
          deviceAndAppManagementAssignmentFilterType: 'include',
        }),
        targets.allLicensedUsers(),
      ],
    ])(
      'counts the assignment filter out of the identity of %s: another filter is still the same target (409)',
      async (_, first, second) => {
        const poolId = await createPool(t.http);
        await createAssignment(t.http, poolId, first);
        expectGraphError(await t.http.post(assignmentsOf(poolId)).send(assignmentBody(second)), 409, 'conflict');
        expect(await listAssignments(t.http, poolId)).toHaveLength(1);
      },
    );

    it('lets one group be both a group target and an exclusion-group target of the pool, which are different targets', async () => {
      const poolId = await createPool(t.http);
      const groupId = randomUUID();
      await createAssignment(t.http, poolId, targets.group(groupId));
      await createAssignment(t.http, poolId, targets.exclusionGroup(groupId));
      expect(await listAssignments(t.http, poolId)).toHaveLength(2);
    });

    it('lets two groups be targets of one pool', async () => {
      const poolId = await createPool(t.http);
      for (const target of groupTargets(3)) await createAssignment(t.http, poolId, target);
      expect(await listAssignments(t.http, poolId)).toHaveLength(3);
    });

    it.each(EVERY_TARGET_KIND)('lets another pool have the same target of type %s', async (_, target) => {
      const sent = target();
      const first = await createAssignment(t.http, await createPool(t.http, 'First pool'), sent);
      const second = await createAssignment(t.http, await createPool(t.http, 'Second pool'), sent);
      expect(second.id).not.toBe(first.id);
      expect(second.target).toEqual(first.target);
    });

    it('refuses a PATCH onto a target another assignment of the pool has with 409, and changes nothing', async () => {
      const poolId = await createPool(t.http);
      const taken = targets.group();
      await createAssignment(t.http, poolId, taken);
      const moving = await createAssignment(t.http, poolId, targets.allDevices());
      const response = await t.http.patch(assignmentUrl(poolId, moving.id)).send({ target: taken });
      expectGraphError(response, 409, 'conflict');
      const { body } = await t.http.get(assignmentUrl(poolId, moving.id)).expect(200);
      expect(body.target).toEqual(moving.target);
    });

    it("accepts a PATCH that keeps the assignment's own target and changes only its filter", async () => {
      const poolId = await createPool(t.http);
      const groupId = randomUUID();
      const created = await createAssignment(t.http, poolId, targets.group(groupId));
      const changed = targets.group(groupId, {
        deviceAndAppManagementAssignmentFilterId: randomUUID(),
        deviceAndAppManagementAssignmentFilterType: 'exclude',
      });
      await t.http.patch(assignmentUrl(poolId, created.id)).send({ target: changed }).expect(204);
      const { body } = await t.http.get(assignmentUrl(poolId, created.id)).expect(200);
      expect(body.target).toEqual(changed);
    });

    it('frees a target when its assignment is deleted', async () => {
      const poolId = await createPool(t.http);
      const target = targets.exclusionGroup();
      const created = await createAssignment(t.http, poolId, target);
      await t.http.delete(assignmentUrl(poolId, created.id)).expect(204);
      await createAssignment(t.http, poolId, target);
    });
  });

  describe('get', () => {
    it.each(ASSIGNMENT_URL_SYNTAXES)('returns one assignment at %s with its $entity context', async (_, url) => {
      const poolId = await createPool(t.http);
      const created = await createAssignment(t.http, poolId, targets.configurationManagerCollection());
      const { body } = await t.http.get(url(poolId, created.id)).expect(200);
      expect(body['@odata.context']).toMatch(assignmentEntityContext(poolId));
      expect(entityOf(body)).toEqual(entityOf(created));
    });

    it('reads every kind of target back with every property of its type', async () => {
      const poolId = await createPool(t.http);
      for (const [, target] of EVERY_TARGET_KIND) {
        const sent = target();
        const created = await createAssignment(t.http, poolId, sent);
        const { body } = await t.http.get(assignmentUrl(poolId, created.id)).expect(200);
        expect(entityOf(body)).toEqual({ '@odata.type': ASSIGNMENT_TYPE, id: created.id, target: targetAsRead(sent) });
      }
    });
  });

  describe('list', () => {
    it("lists exactly the pool's own assignments, with the contained-collection context", async () => {
      const poolId = await createPool(t.http, 'Listed');
      const otherPoolId = await createPool(t.http, 'Not listed');
      const sent = EVERY_TARGET_KIND.map(([, target]) => target());
      const created: Assignment[] = [];
      for (const target of sent) created.push(await createAssignment(t.http, poolId, target));
      await createAssignment(t.http, otherPoolId, targets.allDevices());

      const { body } = await t.http.get(assignmentsOf(poolId)).expect(200);
      expect(body['@odata.context']).toMatch(assignmentsContext(poolId));
      expect(body['@odata.nextLink']).toBeUndefined();
      expect(sortedIds(body.value)).toEqual(sortedIds(created));
      for (const item of body.value as Assignment[]) {
        const index = created.findIndex((assignment) => assignment.id === item.id);
        expect(item).toEqual({ '@odata.type': ASSIGNMENT_TYPE, '@odata.etag': 'W/"1"', id: item.id, target: targetAsRead(sent[index]) });
      }
    });

    it('answers an empty value for a pool without assignments', async () => {
      const poolId = await createPool(t.http);
      const { body } = await t.http.get(assignmentsOf(poolId)).expect(200);
      expect(body['@odata.context']).toMatch(assignmentsContext(poolId));
      expect(body.value).toEqual([]);
    });

    describe('query options', () => {
      let poolId: string;
      let created: Assignment[];
      const ascending = () => sortedIds(created);
      const list = (query: string) => t.http.get(`${assignmentsOf(poolId)}?${query}`).expect(200);

      beforeAll(async () => {
        poolId = await createPool(t.http, 'Queried');
        created = [];
        for (const target of groupTargets(6)) created.push(await createAssignment(t.http, poolId, target));
        // Another pool's assignments must never leak into these answers.
        const otherPoolId = await createPool(t.http, 'Noise');
        for (const target of groupTargets(2)) await createAssignment(t.http, otherPoolId, target);
      });

      it('$orderby=id desc orders by id, descending', async () => {
        const { body } = await list('$orderby=id%20desc');
        expect(idsOf(body.value)).toEqual([...ascending()].reverse());
      });

      it('$top=2&$skip=1 with $orderby=id returns the second and third by id', async () => {
        const { body } = await list('$orderby=id&$top=2&$skip=1');
        expect(idsOf(body.value)).toEqual(ascending().slice(1, 3));
        expect(body['@odata.nextLink']).toBeUndefined();
      });

      it('$count=true counts every assignment of the pool, ignoring $top', async () => {
        const { body } = await list('$count=true&$top=2');
        expect(body['@odata.count']).toBe(6);
        expect(body.value).toHaveLength(2);
      });

      it("$filter=id eq '<id>' returns that assignment only", async () => {
        const wanted = created[3];
        const { body } = await list(`$filter=${encodeURIComponent(`id eq '${wanted.id}'`)}`);
        expect(body.value.map(entityOf)).toEqual([entityOf(wanted)]);
      });

      it('$select=id returns only the key and the type, with the selection in the context', async () => {
        const { body } = await list('$select=id');
        expect(body['@odata.context']).toMatch(assignmentsContext(poolId, 'id'));
        expect(sortedIds(body.value)).toEqual(ascending());
        for (const item of body.value) expect(Object.keys(item).sort()).toEqual(['@odata.etag', '@odata.type', 'id']);
      });

      it('$select=target returns the key, the type and the whole target', async () => {
        const { body } = await list('$select=target');
        expect(body.value).toHaveLength(6);
        for (const item of body.value) {
          expect(Object.keys(item).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'target']);
          expect(item.target).toEqual(created.find((assignment) => assignment.id === item.id)?.target);
        }
      });

      it('/$count answers a bare number as text/plain', async () => {
        const response = await t.http.get(`${assignmentsOf(poolId)}/$count`).expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/plain/);
        expect(response.text).toBe('6');
      });

      it('/$count counts after $filter', async () => {
        const response = await t.http.get(`${assignmentsOf(poolId)}/$count?$filter=${encodeURIComponent(`id eq '${created[0].id}'`)}`);
        expect(response.status).toBe(200);
        expect(response.text).toBe('1');
      });
    });
  });

  describe('update', () => {
    it.each(ASSIGNMENT_URL_SYNTAXES)('answers a PATCH at %s with 204 and no body, and the new target is read back', async (_, url) => {
      const poolId = await createPool(t.http);
      const created = await createAssignment(t.http, poolId, targets.group());
      const replacement = targets.allLicensedUsers({
        deviceAndAppManagementAssignmentFilterId: randomUUID(),
        deviceAndAppManagementAssignmentFilterType: 'include',
      });
      const response = await t.http.patch(url(poolId, created.id)).send({ target: replacement }).expect(204);
      expect(response.text).toBe('');
      const { body } = await t.http.get(assignmentUrl(poolId, created.id)).expect(200);
      expect(entityOf(body)).toEqual({ '@odata.type': ASSIGNMENT_TYPE, id: created.id, target: replacement });
    });

    it('answers 200 with the entity and Preference-Applied for Prefer: return=representation', async () => {
      const poolId = await createPool(t.http);
      const created = await createAssignment(t.http, poolId, targets.allDevices());
      const replacement = targets.configurationManagerCollection();
      const response = await t.http
        .patch(assignmentUrl(poolId, created.id))
        .set('Prefer', 'return=representation')
        .send({ '@odata.type': ASSIGNMENT_TYPE, target: replacement })
        .expect(200);
      expect(response.headers['preference-applied']).toBe('return=representation');
      expect(response.body['@odata.context']).toMatch(assignmentEntityContext(poolId));
      expect(entityOf(response.body)).toEqual({ '@odata.type': ASSIGNMENT_TYPE, id: created.id, target: targetAsRead(replacement) });
    });

    it.each<[string, unknown, RegExp]>([
      ['target: null', { target: null }, /\btarget\b/],
      ['a target without @odata.type', { target: { groupId: randomUUID() } }, /target\.@odata\.type/],
      ['an unknown target type', { target: { '@odata.type': '#microsoft.graph.userAssignmentTarget' } }, /target\.@odata\.type/],
      ['a group target without groupId', { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget' } }, /target\.groupId/],
      ['a groupId that is no GUID', { target: targets.group('everyone') }, /target\.groupId/],
      [
        "the filter type 'sometimes'",
        { target: targets.allDevices({ deviceAndAppManagementAssignmentFilterType: 'sometimes' }) },
        /target\.deviceAndAppManagementAssignmentFilterType/,
      ],
      ['an unknown property in the target', { target: targets.allDevices({ colour: 'red' }) }, /target\.colour/],
      ['an unknown property at the top level', { target: targets.allDevices(), priority: 1 }, /\bpriority\b/],
    ])('refuses a PATCH with %s with a 400 naming the property, and changes nothing', async (_, body, message) => {
      const poolId = await createPool(t.http);
      const created = await createAssignment(t.http, poolId, targets.group());
      expectGraphError(await t.http.patch(assignmentUrl(poolId, created.id)).send(body as object), 400, 'invalidRequest', message);
      const { body: after } = await t.http.get(assignmentUrl(poolId, created.id)).expect(200);
      expect(after.target).toEqual(created.target);
    });
  });

  describe('delete', () => {
    it.each(ASSIGNMENT_URL_SYNTAXES)('answers a DELETE at %s with 204, after which the assignment is gone', async (_, url) => {
      const poolId = await createPool(t.http);
      const kept = await createAssignment(t.http, poolId, targets.allDevices());
      const doomed = await createAssignment(t.http, poolId, targets.group());
      const response = await t.http.delete(url(poolId, doomed.id)).expect(204);
      expect(response.text).toBe('');
      expectGraphError(await t.http.get(url(poolId, doomed.id)), 404, 'itemNotFound');
      expectGraphError(await t.http.delete(url(poolId, doomed.id)), 404, 'itemNotFound');
      expect(idsOf(await listAssignments(t.http, poolId))).toEqual([kept.id]);
    });

    it('leaves the pool itself in place', async () => {
      const poolId = await createPool(t.http, 'Survives its assignment');
      const created = await createAssignment(t.http, poolId, targets.group());
      await t.http.delete(assignmentUrl(poolId, created.id)).expect(204);
      const { body } = await t.http.get(`${POOLS}/${poolId}`).expect(200);
      expect(body.displayName).toBe('Survives its assignment');
    });
  });

  describe('addressing: containment, unknown and malformed ids, methods', () => {
    let poolId: string;
    let otherPoolId: string;
    let assignment: Assignment;

    beforeAll(async () => {
      poolId = await createPool(t.http, 'Owner');
      otherPoolId = await createPool(t.http, 'Neighbour');
      assignment = await createAssignment(t.http, poolId, targets.group());
      await createAssignment(t.http, otherPoolId, targets.allDevices());
    });

    const METHODS: [string, (client: TestAgent, url: string) => request.Test][] = [
      ['GET', (client, url) => client.get(url)],
      ['PATCH', (client, url) => client.patch(url).send({ target: targets.allLicensedUsers() })],
      ['DELETE', (client, url) => client.delete(url)],
    ];

    describe.each(ASSIGNMENT_URL_SYNTAXES)('at %s', (_, url) => {
      it.each(METHODS)(
        'answers %s of an assignment under another pool of the tenant with 404, exactly like an unknown id',
        async (__, call) => {
          await expectSameAsUnknown((id) => call(t.http, url(otherPoolId, id)), assignment.id);
        },
      );

      it.each(METHODS)('answers %s of a malformed assignment id with 400', async (__, call) => {
        expectGraphError(await call(t.http, url(poolId, 'not-a-guid')), 400, 'invalidRequest', /not a valid id/);
      });

      it.each(METHODS)('answers %s under a pool that does not exist with 404', async (__, call) => {
        expectGraphError(await call(t.http, url(randomUUID(), assignment.id)), 404, 'itemNotFound');
      });
    });

    it('leaves the assignment untouched by the requests through the other pool', async () => {
      const { body } = await t.http.get(assignmentUrl(poolId, assignment.id)).expect(200);
      expect(body.target).toEqual(assignment.target);
    });

    it.each<[string, (client: TestAgent, poolId: string) => request.Test]>([
      ['GET of the list', (client, id) => client.get(assignmentsOf(id))],
      ['POST of a new assignment', (client, id) => client.post(assignmentsOf(id)).send(assignmentBody(targets.allDevices()))],
      ['GET of /$count', (client, id) => client.get(`${assignmentsOf(id)}/$count`)],
    ])('answers %s of a pool that does not exist with 404 itemNotFound', async (_, call) => {
      const unknownPoolId = randomUUID();
      expectGraphError(await call(t.http, unknownPoolId), 404, 'itemNotFound');
    });

    it.each<[string, (client: TestAgent) => request.Test]>([
      ['GET of the list', (client) => client.get(`${POOLS}/not-a-guid/assignments`)],
      ['POST of a new assignment', (client) => client.post(`${POOLS}/not-a-guid/assignments`).send(assignmentBody(targets.allDevices()))],
      ['GET of /$count', (client) => client.get(`${POOLS}/not-a-guid/assignments/$count`)],
      ['GET of one assignment', (client) => client.get(`${POOLS}/not-a-guid/assignments/${randomUUID()}`)],
      ['GET of one assignment in key syntax', (client) => client.get(`${POOLS}('not-a-guid')/assignments('${randomUUID()}')`)],
    ])('answers %s under a malformed pool id with 400', async (_, call) => {
      expectGraphError(await call(t.http), 400, 'invalidRequest', /not a valid id/);
    });

    it('answers PUT on the collection with 405 and an Allow header', async () => {
      const response = await t.http.put(assignmentsOf(poolId)).send(assignmentBody(targets.allDevices()));
      expectGraphError(response, 405, 'notSupported', /method PUT/);
      expect(response.headers.allow).toMatch(/\bGET\b/);
      expect(response.headers.allow).toMatch(/\bPOST\b/);
      expect(response.headers.allow).not.toMatch(/\bPUT\b/);
    });

    it('answers PUT on one assignment with 405 and an Allow header', async () => {
      const response = await t.http.put(assignmentUrl(poolId, assignment.id)).send({ target: targets.allDevices() });
      expectGraphError(response, 405, 'notSupported', /method PUT/);
      expect(response.headers.allow).toMatch(/\bPATCH\b/);
      expect(response.headers.allow).toMatch(/\bDELETE\b/);
    });

    it('lets a read-only caller read assignments, and refuses it every write with 403', async () => {
      const reader = await t.as({ tenantId: TENANT_A, permissions: [READ_PERMISSION] });
      await reader.get(assignmentsOf(poolId)).expect(200);
      await reader.get(assignmentUrl(poolId, assignment.id)).expect(200);
      expectGraphError(await reader.post(assignmentsOf(poolId)).send(assignmentBody(targets.allDevices())), 403, 'accessDenied');
      expectGraphError(
        await reader.patch(assignmentUrl(poolId, assignment.id)).send({ target: targets.allDevices() }),
        403,
        'accessDenied',
      );
      expectGraphError(await reader.delete(assignmentUrl(poolId, assignment.id)), 403, 'accessDenied');
      const { body } = await t.http.get(assignmentUrl(poolId, assignment.id)).expect(200);
      expect(body.target).toEqual(assignment.target);
      expect(await listAssignments(t.http, poolId)).toHaveLength(1);
    });
  });

  describe('tenant isolation', () => {
    let tenantB: TestAgent;
    let poolOfA: string;
    let assignmentsOfA: Assignment[];
    let poolOfB: string;
    let assignmentOfB: Assignment;

    beforeAll(async () => {
      tenantB = await t.as({ tenantId: TENANT_B });
      poolOfA = await createPool(t.http, 'Assigned pool of A');
      assignmentsOfA = [];
      for (const target of [targets.group(), targets.allDevices()]) assignmentsOfA.push(await createAssignment(t.http, poolOfA, target));
      poolOfB = await createPool(tenantB, 'Pool of B');
      assignmentOfB = await createAssignment(tenantB, poolOfB, targets.allLicensedUsers());
    });

    it.each<[string, (client: TestAgent, poolId: string) => request.Test]>([
      ['GET of the list', (client, id) => client.get(assignmentsOf(id))],
      ['GET of /$count', (client, id) => client.get(`${assignmentsOf(id)}/$count`)],
      ['POST of a new assignment', (client, id) => client.post(assignmentsOf(id)).send(assignmentBody(targets.exclusionGroup()))],
    ])("answers B's %s of A's pool with 404, exactly like a pool that does not exist", async (_, call) => {
      await expectSameAsUnknown((id) => call(tenantB, id), poolOfA);
    });

    describe.each(ASSIGNMENT_URL_SYNTAXES)("each of A's assignments at %s", (_, url) => {
      it.each<[string, (client: TestAgent, address: string) => request.Test]>([
        ['GET', (client, address) => client.get(address)],
        ['PATCH', (client, address) => client.patch(address).send({ target: targets.allLicensedUsers() })],
        ['DELETE', (client, address) => client.delete(address)],
      ])('answers B with 404 to %s', async (__, call) => {
        for (const assignment of assignmentsOfA) {
          expectGraphError(await call(tenantB, url(poolOfA, assignment.id)), 404, 'itemNotFound');
          // Under B's own pool, A's assignment id is just as unknown.
          await expectSameAsUnknown((id) => call(tenantB, url(poolOfB, id)), assignment.id);
        }
      });
    });

    it("never shows A's assignments in B's own lists", async () => {
      const ofB = await listAssignments(tenantB, poolOfB);
      expect(idsOf(ofB)).toContain(assignmentOfB.id);
      for (const assignment of assignmentsOfA) expect(idsOf(ofB)).not.toContain(assignment.id);
      const byFilter = await tenantB
        .get(`${assignmentsOf(poolOfB)}?$filter=${encodeURIComponent(`id eq '${assignmentsOfA[0].id}'`)}&$count=true`)
        .expect(200);
      expect(byFilter.body.value).toEqual([]);
      expect(byFilter.body['@odata.count']).toBe(0);
    });

    it('lets B assign the same targets as A in its own pool without a conflict (uniqueness is per pool)', async () => {
      const created = await createAssignment(tenantB, poolOfB, assignmentsOfA[0].target);
      expect(created.target).toEqual(assignmentsOfA[0].target);
    });

    it("leaves A's assignments exactly as they were", async () => {
      const ofA = await listAssignments(t.http, poolOfA);
      expect(sortedIds(ofA)).toEqual(sortedIds(assignmentsOfA));
      for (const assignment of assignmentsOfA) {
        expect(ofA.find((item) => item.id === assignment.id)?.target).toEqual(assignment.target);
      }
    });
  });

  describe('deleting the pool', () => {
    it('deletes its assignments with it, and only its own', async () => {
      const poolId = await createPool(t.http, 'Doomed with assignments');
      const survivorPoolId = await createPool(t.http, 'Survivor');
      const doomed: Assignment[] = [];
      for (const [, target] of EVERY_TARGET_KIND) doomed.push(await createAssignment(t.http, poolId, target()));
      await createAssignment(t.http, survivorPoolId, targets.allDevices());
      expect(await assignmentRowCount(t.dataSource, poolId)).toBe(5);

      await t.http.delete(`${POOLS}/${poolId}`).expect(204);

      expect(await assignmentRowCount(t.dataSource, poolId)).toBe(0);
      expect(await assignmentRowCount(t.dataSource, survivorPoolId)).toBe(1);
      expectGraphError(await t.http.get(assignmentsOf(poolId)), 404, 'itemNotFound');
      expectGraphError(await t.http.get(assignmentUrl(poolId, doomed[0].id)), 404, 'itemNotFound');
    });
  });

  describe('activation codes stay write-only', () => {
    const codes = activationCodes(3);
    let poolId: string;
    let assignment: Assignment;

    beforeAll(async () => {
      poolId = await createPool(t.http, 'Pool with secret codes', codes);
      assignment = await createAssignment(t.http, poolId, targets.group());
    });

    function expectNoCodes(response: request.Response) {
      expect(response.text).not.toContain('activationCodes');
      for (const code of codes) expect(response.text).not.toContain(code.matchingIdentifier);
    }

    it('the create response contains no activation codes', async () => {
      const response = await t.http.post(assignmentsOf(poolId)).send(assignmentBody(targets.exclusionGroup())).expect(201);
      expectNoCodes(response);
    });

    it.each<[string, () => string]>([
      ['GET of one assignment', () => assignmentUrl(poolId, assignment.id)],
      ['GET of one assignment in key syntax', () => `${POOLS}('${poolId}')/assignments('${assignment.id}')`],
      ['GET of the list', () => assignmentsOf(poolId)],
      ['GET of the list with $select=target', () => `${assignmentsOf(poolId)}?$select=target`],
    ])('%s contains no activation codes', async (_, url) => {
      const response = await t.http.get(url()).expect(200);
      expect(response.text).toContain(assignment.id);
      expectNoCodes(response);
    });

    it('PATCH with Prefer: return=representation contains no activation codes', async () => {
      const response = await t.http
        .patch(assignmentUrl(poolId, assignment.id))
        .set('Prefer', 'return=representation')
        .send({ target: targets.allDevices() })
        .expect(200);
      expectNoCodes(response);
    });
  });
});

describe('server-driven paging of assignments (MAX_PAGE_SIZE=5)', () => {
  const t = useTestApp({ MAX_PAGE_SIZE: '5' });
  let poolA: string;
  let poolB: string;
  let assignmentsOfA: Assignment[];

  beforeAll(async () => {
    poolA = await createPool(t.http, 'Twelve assignments');
    poolB = await createPool(t.http, 'Seven assignments');
    assignmentsOfA = [];
    for (const target of groupTargets(12)) assignmentsOfA.push(await createAssignment(t.http, poolA, target));
    for (const target of groupTargets(7)) await createAssignment(t.http, poolB, target);
  });

  it('answers the first page with 5 assignments, the full count and an absolute nextLink carrying a $skiptoken', async () => {
    const { body } = await t.http.get(`${assignmentsOf(poolA)}?$count=true`).expect(200);
    expect(body.value).toHaveLength(5);
    expect(body['@odata.count']).toBe(12);
    const next = new URL(body['@odata.nextLink']);
    expect(next.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(next.pathname).toBe(assignmentsOf(poolA));
    expect(next.searchParams.get('$skiptoken')).toBeTruthy();
  });

  it('visits every assignment of the pool exactly once when following every nextLink', async () => {
    const pages: number[] = [];
    const visited: string[] = [];
    let url: string | undefined = assignmentsOf(poolA);
    while (url !== undefined && pages.length < 10) {
      const { body } = await t.http.get(url).expect(200);
      pages.push(body.value.length);
      visited.push(...idsOf(body.value));
      url = relativeNextLink(body);
    }
    expect(pages).toEqual([5, 5, 2]);
    expect(visited.sort()).toEqual(sortedIds(assignmentsOfA));
  });

  it('keeps $orderby=id desc across pages', async () => {
    const items = await listAssignments(t.http, poolA, '$orderby=id%20desc');
    expect(idsOf(items)).toEqual(sortedIds(assignmentsOfA).reverse());
  });

  it("refuses the skiptoken of pool A's list on pool B's list with 400", async () => {
    const { body } = await t.http.get(assignmentsOf(poolA)).expect(200);
    const token = new URL(body['@odata.nextLink']).searchParams.get('$skiptoken') as string;
    // The same token is good on the list it was issued for...
    await t.http.get(`${assignmentsOf(poolA)}?$skiptoken=${encodeURIComponent(token)}`).expect(200);
    // ...and refused on another pool's list, even one long enough to have a second page.
    expectGraphError(
      await t.http.get(`${assignmentsOf(poolB)}?$skiptoken=${encodeURIComponent(token)}`),
      400,
      'invalidRequest',
      /skiptoken/,
    );
  });
});
