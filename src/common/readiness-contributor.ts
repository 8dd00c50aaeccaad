/** One entry of the readiness report (`/health/ready`): `down` makes the instance unready; the other fields are details. */
export interface ReadinessEntry {
  readonly status: 'up' | 'down';
  readonly [detail: string]: unknown;
}

/**
 * What a module adds to the readiness report, beyond the database: its entries by name, none when it
 * has nothing to report. Defined here so that the module that owns a dependency reports on it while
 * the health module, which may not import that module, runs the report; the composition root
 * (app.module.ts) hands the contributors to the health module.
 */
export abstract class ReadinessContributor {
  abstract readiness(): Promise<Readonly<Record<string, ReadinessEntry>>>;
}
