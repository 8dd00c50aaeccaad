/** The `ReadinessContributor`s the composition root hands to the health module (`HealthModule.forRoot`). */
export const READINESS_CONTRIBUTORS = Symbol('READINESS_CONTRIBUTORS');
