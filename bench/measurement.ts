import type { CpuUse } from './cpu-usage';

/** What one scenario measured on one server, in the units the report prints. */
export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  /** For sequential scenarios (a handful of requests) this is the slowest request. */
  p99Ms: number;
  /** Non-2xx answers, connection errors and timeouts. */
  errors: number;
  peakRssMb: number;
  /** CPU use in the measured rounds (load scenarios only). */
  cpu?: CpuUse;
}

interface ScenarioIdentity {
  title: string;
  kind: 'load' | 'sequential';
  /** The share of baseline req/s the service must reach, when the scenario has such a target. */
  minRatio?: number;
  /** How the two servers' answers differ, when they do: the comparison is then not like for like. */
  mismatch?: string;
}

/** A scenario's outcome: measured on both servers, or not run because the service cannot do it yet. */
export type ScenarioOutcome = ScenarioIdentity &
  ({ service: Measurement; baseline: Measurement; rounds: Record<string, Measurement[]> } | { unsupportedStatus: number });

export const isMeasured = (outcome: ScenarioOutcome): outcome is Extract<ScenarioOutcome, { service: Measurement }> => 'service' in outcome;

export const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);

/** Nearest-rank percentile (`p` from 0 to 100); the median is `percentile(values, 50)`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
