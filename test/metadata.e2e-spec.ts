import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@sap-ux/edmx-parser';
import request from 'supertest';
import { csdlShapeFromJson, csdlShapeFromXml, CsdlShape } from './support/csdl-shape';
import { expectGraphError } from './support/graph-assertions';
import { useTestApp } from './support/test-app';
import { childrenNamed, parseXml, XmlElement } from './support/xml-elements';
import { DEVICE_STATE_VALUES } from './support/device-state-fixtures';

// shared/ sits beside the repository, on developers' machines and in CI alike.
const SPEC_CSDL = readFileSync(join(__dirname, 'fixtures', 'contract', 'csdl.xml'), 'utf8');

// What @sap-ux/edmx-parser returns, as far as these tests read it (its own types name a package it does not install).
interface ParsedMetadata {
  version: string;
  schema: {
    entityTypes: {
      fullyQualifiedName: string;
      keys: { name: string }[];
      navigationProperties: { name: string; containsTarget: boolean }[];
    }[];
    enumTypes: { fullyQualifiedName: string; members: { name: string; value: number }[] }[];
    singletons: { name: string; entityTypeName: string }[];
    actions: { name: string; isBound: boolean; sourceType: string; returnType: string }[];
  };
}

describe('$metadata over HTTP (spec §1, §6)', () => {
  const t = useTestApp();
  let anonymous: ReturnType<typeof request>;
  const specShape: CsdlShape = csdlShapeFromXml(SPEC_CSDL);

  beforeAll(() => {
    anonymous = request(t.app.getHttpServer());
  });

  it('reads every element of csdl.xml, so that comparing with it proves something', () => {
    const declared = (element: string) => SPEC_CSDL.match(new RegExp(`<${element}\\s`, 'g'))?.length ?? 0;
    expect(Object.keys(specShape.types)).toHaveLength(declared('EntityType') + declared('ComplexType') + declared('EnumType'));
    expect(Object.keys(specShape.actions)).toHaveLength(declared('Action'));
    expect(Object.keys(specShape.singletons)).toHaveLength(declared('Singleton'));
    const count = (select: (type: CsdlShape['types'][string]) => object | undefined) =>
      Object.values(specShape.types).reduce((sum, type) => sum + Object.keys(select(type) ?? {}).length, 0);
    expect(count((type) => type.properties)).toBe(declared('Property'));
    expect(count((type) => type.navigationProperties)).toBe(declared('NavigationProperty'));
    expect(count((type) => type.members)).toBe(declared('Member'));
  });

  describe.each(['beta', 'v1.0'])('GET /%s/$metadata', (root) => {
    it('answers without a token with CSDL XML equivalent to csdl.xml', async () => {
      const response = await anonymous.get(`/${root}/$metadata`).expect(200);
      expect(response.headers['content-type']).toBe('application/xml');
      expect(response.headers['odata-version']).toBe('4.0');
      expect(csdlShapeFromXml(response.text)).toEqual(specShape);
    });

    it.each([
      ['$format=json', {}],
      ['$format=application/json', {}],
      ['', { accept: 'application/json' }],
      ['', { accept: 'application/xml;q=0.5, application/json' }],
    ])('answers ?%s %p with CSDL JSON equivalent to csdl.xml', async (query, headers) => {
      const response = await anonymous.get(`/${root}/$metadata?${query}`).set(headers).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body.$Version).toBe('4.01');
      expect(csdlShapeFromJson(response.body)).toEqual(specShape);
    });
  });

  it('states the service behaviour with annotations: computed, write-only, patterns', async () => {
    const { text } = await anonymous.get('/beta/$metadata').expect(200);
    const [schema] = childrenNamed(childrenNamed(parseXml(text), 'edmx:DataServices')[0], 'Schema');
    const annotationsOf = (kind: string, type: string, property: string) =>
      childrenNamed(childrenNamed(schema, kind, type)[0], 'Property', property)[0].children.map(
        (annotation: XmlElement) => annotation.attributes,
      );
    expect(annotationsOf('EntityType', 'embeddedSIMActivationCodePool', 'activationCodes')).toEqual([
      { Term: 'Core.Permissions', EnumMember: 'Core.Permission/Write' },
    ]);
    for (const computed of ['activationCodeCount', 'createdDateTime', 'modifiedDateTime']) {
      expect(annotationsOf('EntityType', 'embeddedSIMActivationCodePool', computed)).toEqual([{ Term: 'Core.Computed', Bool: 'true' }]);
    }
    expect(annotationsOf('EntityType', 'embeddedSIMActivationCodePool', 'displayName')).toEqual([]);
    expect(annotationsOf('ComplexType', 'embeddedSIMActivationCode', 'integratedCircuitCardIdentifier')).toEqual([
      { Term: 'Validation.Pattern', String: '^[0-9]{19}[0-9]?$' },
    ]);
  });

  it('declares optimistic concurrency (spec §9) on the navigation properties that hold pools, assignments and device states', async () => {
    const { text } = await anonymous.get('/beta/$metadata').expect(200);
    const [schema] = childrenNamed(childrenNamed(parseXml(text), 'edmx:DataServices')[0], 'Schema');
    const annotationsOf = (type: string, navigation: string) =>
      childrenNamed(childrenNamed(schema, 'EntityType', type)[0], 'NavigationProperty', navigation)[0].children;
    for (const [type, navigation] of [
      ['deviceManagement', 'embeddedSIMActivationCodePools'],
      ['embeddedSIMActivationCodePool', 'assignments'],
      ['embeddedSIMActivationCodePool', 'deviceStates'],
    ]) {
      expect(annotationsOf(type, navigation)).toEqual([
        {
          name: 'Annotation',
          attributes: { Term: 'Core.OptimisticConcurrency' },
          children: [{ name: 'Collection', attributes: {}, children: [] }],
        },
      ]);
    }
    const { body } = await anonymous.get('/beta/$metadata?$format=json').expect(200);
    expect(body['microsoft.graph'].embeddedSIMActivationCodePool.assignments['@Core.OptimisticConcurrency']).toEqual([]);
  });

  it('is loaded by an OData CSDL client library (@sap-ux/edmx-parser)', async () => {
    const { text } = await anonymous.get('/beta/$metadata').expect(200);
    const { version, schema } = parse(text) as ParsedMetadata;
    expect(version).toBe('4.0');
    expect(schema.entityTypes.map((type) => type.fullyQualifiedName).sort()).toEqual(
      ['entity', 'deviceManagement', 'embeddedSIMActivationCodePool', 'embeddedSIMActivationCodePoolAssignment', 'embeddedSIMDeviceState']
        .map((name) => `microsoft.graph.${name}`)
        .sort(),
    );
    expect(schema.entityTypes.find((type) => type.fullyQualifiedName === 'microsoft.graph.entity')?.keys.map((key) => key.name)).toEqual([
      'id',
    ]);
    const pool = schema.entityTypes.find((type) => type.fullyQualifiedName === 'microsoft.graph.embeddedSIMActivationCodePool');
    expect(pool?.navigationProperties.map(({ name, containsTarget }) => ({ name, containsTarget }))).toEqual([
      { name: 'assignments', containsTarget: true },
      { name: 'deviceStates', containsTarget: true },
    ]);
    const states = schema.enumTypes.find((type) => type.fullyQualifiedName === 'microsoft.graph.embeddedSIMDeviceStateValue');
    expect(states?.members.map(({ name }) => name)).toEqual([...DEVICE_STATE_VALUES]);
    expect(schema.singletons.map(({ name, entityTypeName }) => ({ name, entityTypeName }))).toEqual([
      { name: 'deviceManagement', entityTypeName: 'microsoft.graph.deviceManagement' },
    ]);
    expect(schema.actions.map(({ name, isBound, sourceType, returnType }) => ({ name, isBound, sourceType, returnType }))).toEqual([
      {
        name: 'assign',
        isBound: true,
        sourceType: 'microsoft.graph.embeddedSIMActivationCodePool',
        returnType: 'Collection(microsoft.graph.embeddedSIMActivationCodePoolAssignment)',
      },
    ]);
  });

  it('is left alone by the OData response rendering: no context URL, other query options ignored', async () => {
    const response = await anonymous.get('/beta/$metadata?$top=1&$select=id&$format=json').expect(200);
    expect(response.body['@odata.context']).toBeUndefined();
    expect(response.body.$EntityContainer).toBe('microsoft.graph.GraphService');
  });

  it('allows GET only', async () => {
    const response = await anonymous.post('/beta/$metadata').send({});
    expectGraphError(response, 405, 'notSupported');
    expect(response.headers.allow).toMatch(/\bGET\b/);
  });

  it.each([
    ['an Accept that allows neither XML nor JSON', '', { accept: 'text/csv' }],
    ['a $format it does not offer', '?$format=atom', {}],
  ])('answers %s with a 406 Graph error', async (_case, query, headers) => {
    const response = await anonymous.get(`/beta/$metadata${query}`).set(headers);
    expectGraphError(response, 406, 'notAcceptable', /application\/xml|xml/);
  });
});
