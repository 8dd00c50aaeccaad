import { BATCH_REQUEST_SCHEMA } from '../graph/batch/batch-openapi';
import type { OpenApiContribution } from '../odata/openapi/openapi-contributions';
import { ERROR_RESPONSE, preconditionParameter } from '../odata/openapi/openapi-paths';
import { schemaName } from '../odata/openapi/openapi-schemas';
import { ASSIGN_ACTION, ASSIGNMENT_TYPE, DEVICE_STATE_TYPE, POOL_PATH, POOL_TYPE, POOLS_PATH } from './esim.schema';

const POOLS_TAG = POOLS_PATH.replace(/\//g, '.');
const SMDP_ADDRESS = 'rsp.contoso-mobile.com';

/**
 * What the eSIM resources add to the OpenAPI document beyond their model: the CSV import (spec §10),
 * the two other paths their controllers serve an operation of the model at, and realistic examples,
 * which Swagger UI offers and the Postman collection sends (so an example's ICCIDs are used once).
 */
export const ESIM_OPENAPI: OpenApiContribution = {
  info: {
    title: 'graph-esim-service',
    description:
      'Microsoft Graph–compatible API for Intune embedded SIM activation code pools. Activation codes are secrets: ' +
      'they are accepted on create, update and import, and never returned on read.',
  },
  operations: [
    {
      path: `${POOL_PATH}/activationCodes/$import`,
      method: 'post',
      operation: {
        operationId: `${POOLS_TAG}.activationCodes.import`,
        summary: 'Append activation codes from an operator CSV file',
        description:
          'Beyond Microsoft Graph. Line 1 is the SM-DP+ server address, each further line `ICCID,MatchingID`. Every line is checked ' +
          'first: a bad file is a 400 naming its lines and stores nothing; an ICCID the tenant already has is a 409. ' +
          "With If-Match, only if the pool still has that ETag (412 otherwise); the import changes the pool's ETag.",
        tags: [POOLS_TAG],
        parameters: [preconditionParameter('ifMatch')],
        requestBody: {
          required: true,
          content: {
            'text/csv': {
              schema: { type: 'string' },
              example: `${SMDP_ADDRESS}\r\n8944500102198304834,Q2W3E-R4T5Y-U6I7O-P8A9S\r\n8944500102198304842,Z1X2C-V3B4N-M5L6K-J7H8G\r\n`,
            },
          },
        },
        responses: {
          200: {
            description: 'The codes were appended',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['imported', 'activationCodeCount'],
                  properties: {
                    imported: { type: 'integer', minimum: 0, description: 'Codes appended from the file' },
                    activationCodeCount: { type: 'integer', minimum: 0, description: 'Codes the pool holds now' },
                  },
                },
              },
            },
          },
          412: ERROR_RESPONSE,
        },
      },
    },
  ],
  aliases: [
    {
      path: `${POOLS_PATH}/$ref`,
      method: 'post',
      sameAs: { path: POOLS_PATH, method: 'post' },
      operationId: `${POOLS_TAG}.createViaRef`,
      summary: 'Add new entity to embeddedSIMActivationCodePools through $ref',
      description: 'Microsoft Graph\'s published "Add" page names this path: it creates a pool exactly as a POST to the collection does.',
    },
    {
      path: `${POOL_PATH}/assign`,
      method: 'post',
      sameAs: { path: `${POOL_PATH}/${ASSIGN_ACTION}`, method: 'post' },
      operationId: `${POOLS_TAG}.assignUnqualified`,
      summary: 'Invoke action assign by its unqualified name',
      description: "The bound action `assign` by its unqualified name, as Microsoft Graph accepts it: replaces the pool's assignments.",
    },
  ],
  schemaExamples: {
    [schemaName(POOL_TYPE, 'create')]: {
      '@odata.type': `#${POOL_TYPE}`,
      displayName: 'Contoso Mobile – November batch',
      activationCodes: [
        {
          integratedCircuitCardIdentifier: '8944500102198304826',
          matchingIdentifier: 'TN5ZB-2VZQK-BQ7CE-LM3WQ',
          smdpPlusServerAddress: SMDP_ADDRESS,
        },
        {
          integratedCircuitCardIdentifier: '89014103211118510720',
          matchingIdentifier: 'K8R2D-7QW4N-Z5XPL-3HJVT',
          smdpPlusServerAddress: SMDP_ADDRESS,
        },
      ],
    },
    [schemaName(POOL_TYPE, 'update')]: { displayName: 'Contoso Mobile – Q4' },
    [schemaName(ASSIGNMENT_TYPE, 'create')]: {
      target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '2d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a' },
    },
    [schemaName(ASSIGNMENT_TYPE, 'update')]: {
      target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' },
    },
    [schemaName(DEVICE_STATE_TYPE, 'create')]: {
      state: 'installed',
      deviceName: 'CONTOSO-LT-042',
      userName: 'adele.vance@contoso.com',
      lastSyncDateTime: '2026-11-28T15:42:51Z',
      universalIntegratedCircuitCardIdentifier: '8944500102198304826',
    },
    [schemaName(DEVICE_STATE_TYPE, 'update')]: { state: 'removedByUser', stateDetails: 'The user removed the eSIM profile.' },
    [BATCH_REQUEST_SCHEMA]: {
      requests: [
        { id: '1', method: 'GET', url: `/${POOLS_PATH}?$top=5&$select=displayName,activationCodeCount` },
        { id: '2', method: 'GET', url: `/${POOLS_PATH}/$count` },
        { id: '3', method: 'GET', url: '/deviceManagement' },
      ],
    },
  },
};
