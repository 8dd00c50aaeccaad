/** Every knob of the benchmark in one place, sized so a whole run stays under 10 minutes on 2 cores. */

export const POOLS_PATH = '/beta/deviceManagement/embeddedSIMActivationCodePools';
export const SCOPES = 'DeviceManagementConfiguration.ReadWrite.All';

export const SEED = {
  pools: 10_000,
  codesPerPool: 10,
  /** Requests in flight while seeding: enough to keep one server core busy without queueing for long. */
  concurrency: 12,
} as const;

export const LOAD = {
  connections: 10,
  warmUpSeconds: 1,
  roundSeconds: 5,
  /** Each round runs on the service, then on the baseline, so drift on a noisy machine hits both alike. */
  rounds: 3,
  timeoutSeconds: 10,
} as const;

export const BULK = {
  largeCodes: 10_000,
  largeRepeats: 3,
  hugeCodes: 100_000,
  hugeRepeats: 2,
} as const;

export const SCALING = {
  smallPools: 1_000,
  largePools: 1_000_000,
  /** Requests go one at a time for this long, so p50 is the time of one request, not of a queue. */
  seconds: 3,
} as const;

/** The share of baseline throughput (or limit) each target allows. */
export const TARGETS = {
  getRatio: 0.3,
  listRatio: 0.6,
  createRatio: 0.5,
  hugeCreateTimeFactor: 4,
  hugeCreatePeakRssMb: 400,
  listP50GrowthFactor: 1.5,
} as const;

/** A run that takes longer than this is stuck; it stops itself and cleans up. */
export const RUN_DEADLINE_MS = 10 * 60 * 1000;
