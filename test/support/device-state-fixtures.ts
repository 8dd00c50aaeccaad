import TestAgent from 'supertest/lib/agent';
import { iccid } from './fixtures';
import { POOLS } from './test-app';

export const DEVICE_STATE_TYPE = '#microsoft.graph.embeddedSIMDeviceState';

/** The members of embeddedSIMDeviceStateValue in the order of their values (csdl.xml: 0 to 7). */
export const DEVICE_STATE_VALUES = [
  'notEvaluated',
  'failed',
  'installing',
  'installed',
  'deleting',
  'error',
  'deleted',
  'removedByUser',
] as const;
export type DeviceStateValue = (typeof DEVICE_STATE_VALUES)[number];

/** The one form the service writes DateTimeOffset values in: UTC, milliseconds, `Z` (spec §2). */
export const UTC_WITH_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The client-writable properties of an embeddedSIMDeviceState, as the service reads them back. */
export interface DeviceStateProperties {
  state: DeviceStateValue;
  lastSyncDateTime: string | null;
  universalIntegratedCircuitCardIdentifier: string | null;
  deviceName: string | null;
  userName: string | null;
  stateDetails: string | null;
}

export interface DeviceState extends DeviceStateProperties {
  id: string;
  createdDateTime: string;
  modifiedDateTime: string;
}

/** A device state the test created, as an oracle knows it: its id and what it should read back as. */
export type SeededDeviceState = DeviceStateProperties & { id: string };

export const deviceStatesUrl = (poolId: string) => `${POOLS}/${poolId}/deviceStates`;
export const deviceStateUrl = (poolId: string, id: string) => `${deviceStatesUrl(poolId)}/${id}`;
/** The same device state addressed with OData key syntax on both segments. */
export const deviceStateKeyUrl = (poolId: string, id: string) => `${POOLS}('${poolId}')/deviceStates('${id}')`;

/** A device that installed the profile of ICCID `serial`, as Intune reports one: every property set. */
export function deviceStateBody(serial: number, overrides: Partial<DeviceStateProperties> = {}): Record<string, unknown> {
  return {
    '@odata.type': DEVICE_STATE_TYPE,
    state: 'installed',
    lastSyncDateTime: '2026-11-28T15:42:51.000Z',
    universalIntegratedCircuitCardIdentifier: iccid(serial),
    deviceName: `CONTOSO-LT-${serial}`,
    userName: 'adele.vance@contoso.com',
    stateDetails: null,
    ...overrides,
  };
}

const DEVICE_NAMES = [
  (n: number) => `CONTOSO-LT-${n}`,
  (n: number) => `Contoso iPad ${n}`,
  (n: number) => `Fabrikam Surface ${n}`,
  (n: number) => `Northwind phone ${n}`,
];
const USER_NAMES = [
  'adele.vance@contoso.com',
  'megan.bowen@fabrikam.com',
  'Lee.Gu@CONTOSO.onmicrosoft.com',
  'alex.wilber@northwind.example',
  'isaiah.langer@fabrikam.com',
];
/** A few instants, written with various offsets, so that orderings on lastSyncDateTime have ties. */
const SYNC_TIMES = [
  '2026-11-28T17:42:51+02:00',
  '2026-11-28T15:42:51.250Z',
  '2026-11-27T23:59:59.999-08:00',
  '2026-11-29T01:00:00+09:30',
  '2026-10-01T00:00:00Z',
];

/**
 * `count` varied device states: every state member (several times each), some null lastSyncDateTime,
 * deviceName and userName (left out of the body or sent as null), "contoso" in either name in mixed
 * case or in neither. `written` is the request body; `expected` is what the service must read back.
 */
export function variedDeviceStates(firstSerial: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const state = DEVICE_STATE_VALUES[(i * 5) % DEVICE_STATE_VALUES.length];
    const expected: DeviceStateProperties = {
      state,
      lastSyncDateTime: i % 4 === 1 ? null : new Date(SYNC_TIMES[i % SYNC_TIMES.length]).toISOString(),
      universalIntegratedCircuitCardIdentifier: iccid(firstSerial + i),
      deviceName: i % 6 === 5 ? null : DEVICE_NAMES[i % DEVICE_NAMES.length](firstSerial + i),
      userName: i % 7 === 3 ? null : USER_NAMES[i % USER_NAMES.length],
      stateDetails: state === 'failed' || state === 'error' ? 'The SM-DP+ server refused the profile download (reason 8.2.6)' : null,
    };
    const written: Record<string, unknown> = {
      ...expected,
      lastSyncDateTime: expected.lastSyncDateTime === null ? null : SYNC_TIMES[i % SYNC_TIMES.length],
    };
    // Odd rows leave their nulls out of the body, even rows send them: both read back as null.
    if (i % 2 === 1) for (const key of Object.keys(written)) if (written[key] === null) delete written[key];
    return { written, expected };
  });
}

/** Follows every `@odata.nextLink` from `url` and returns the items in order, and each page's size. */
export async function followNextLinks(http: TestAgent, url: string): Promise<{ items: any[]; pageSizes: number[] }> {
  const items: any[] = [];
  const pageSizes: number[] = [];
  let next: string | undefined = url;
  for (let page = 0; next !== undefined && page < 100; page++) {
    const response = await http.get(next).expect(200);
    const body: { value: any[]; '@odata.nextLink'?: string } = response.body;
    items.push(...body.value);
    pageSizes.push(body.value.length);
    const link: string | undefined = body['@odata.nextLink'];
    next = link === undefined ? undefined : link.slice(link.indexOf('/beta/'));
  }
  return { items, pageSizes };
}
