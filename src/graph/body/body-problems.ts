/**
 * The wording of body validation problems (spec §2), shared by every validator so that a client sees
 * one style whichever check failed. Paths look like `activationCodes[3].integratedCircuitCardIdentifier`.
 * Values are never quoted: they may be secrets.
 */
export function unknownPropertyProblem(path: string, typeName: string | undefined): string {
  return `The property '${path}' does not exist on type '${typeName ?? 'unknown'}'.`;
}

export function valueProblem(path: string, expectation: string): string {
  return `'${path}' ${expectation}.`;
}

/** What a MaxLength facet asks of a string, in the words every validator uses. */
export function maxLengthExpectation(maxLength: number): string {
  return `must be at most ${maxLength} characters long`;
}

/** What a Validation.Pattern asks, in the words its description gives (or the pattern itself). */
export function patternExpectation({ pattern, patternDescription }: { pattern?: RegExp; patternDescription?: string }): string {
  return patternDescription ?? `must match ${pattern?.source ?? ''}`;
}

export function nullProblem(path: string): string {
  return valueProblem(path, 'must not be null');
}

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

const MAX_LISTED_PROBLEMS = 5;

/**
 * One message for the error body: the first `maxListed` problems in full, then how many more there
 * are (of `total`, when the caller kept only the first ones).
 */
export function summarizeProblems(problems: readonly string[], maxListed = MAX_LISTED_PROBLEMS, total = problems.length): string {
  const shown = problems.slice(0, maxListed);
  const more = total - shown.length;
  return more > 0 ? `${shown.join(' ')} (${more} more ${more === 1 ? 'problem' : 'problems'} not listed.)` : shown.join(' ');
}
