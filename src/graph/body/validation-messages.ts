import { ValidationError } from 'class-validator';
import { odataTypeNameOf } from './wire-decorators';

const MAX_LISTED_PROBLEMS = 5;

/**
 * Turns class-validator's error tree into one message naming each bad property by its path in the
 * body (`activationCodes[3].integratedCircuitCardIdentifier`), per spec §2. Values are never quoted:
 * they may be secrets.
 */
export function describeValidationErrors(errors: ValidationError[]): string {
  const problems: string[] = [];
  for (const error of errors) collectProblems(error, '', problems);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join(' ');
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return more > 0 ? `${listed} (${more} more ${more === 1 ? 'problem' : 'problems'} not listed.)` : listed;
}

function collectProblems(error: ValidationError, parentPath: string, problems: string[]) {
  const path = parentPath === '' ? error.property : /^\d+$/.test(error.property) ? `${parentPath}[${error.property}]` : `${parentPath}.${error.property}`;
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) {
    const typeName = odataTypeNameOf(error.target?.constructor);
    problems.push(`The property '${path}' does not exist on type '${typeName ?? 'unknown'}'.`);
  } else if (error.value === null && Object.keys(constraints).length > 0) {
    problems.push(`'${path}' must not be null.`);
  } else {
    const first = Object.values(constraints)[0];
    if (first !== undefined) problems.push(`'${path}' ${first}.`);
  }
  for (const child of error.children ?? []) collectProblems(child, path, problems);
}
