import { ValidationError } from 'class-validator';
import { childPath, nullProblem, unknownPropertyProblem, valueProblem } from './body-problems';
import { odataTypeNameOf } from './wire-decorators';

/** Flattens class-validator's error tree into problems named by their path in the body. */
export function problemsFromValidationErrors(errors: readonly ValidationError[], parentPath = ''): string[] {
  const problems: string[] = [];
  for (const error of errors) {
    const path = childPath(parentPath, /^\d+$/.test(error.property) ? Number(error.property) : error.property);
    const constraints = error.constraints ?? {};
    if ('whitelistValidation' in constraints) {
      problems.push(unknownPropertyProblem(path, odataTypeNameOf(error.target?.constructor)));
    } else if (error.value === null && Object.keys(constraints).length > 0) {
      problems.push(nullProblem(path));
    } else {
      const first = Object.values(constraints)[0];
      if (first !== undefined) problems.push(valueProblem(path, first));
    }
    problems.push(...problemsFromValidationErrors(error.children ?? [], path));
  }
  return problems;
}
