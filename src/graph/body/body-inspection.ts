import { childPath, valueProblem } from './body-problems';

/** The deepest nesting a request body may have, objects and arrays together; Graph bodies need a handful. */
export const MAX_BODY_DEPTH = 32;

/** OData JSON §20: annotations a client may send and a service may ignore; only `@odata.type` is read. */
const isIgnoredAnnotation = (key: string) => key.includes('@') && key !== '@odata.type';

/**
 * One pass over a parsed body before any validator sees it. It refuses nesting deeper than
 * `MAX_BODY_DEPTH` (so no later recursion can overflow the stack) and strings that are not
 * well-formed UTF-16 (a lone surrogate cannot be stored and read back exactly) or that hold U+0000
 * (PostgreSQL's text cannot hold it; refused on every database, so that the service answers alike),
 * naming the path; and it drops instance annotations other than `@odata.type`, at every depth.
 * Returns the problems.
 */
export function inspectBody(body: unknown): string[] {
  const problems: string[] = [];
  inspect(body, '', 0, problems);
  return problems;
}

function inspect(value: unknown, path: string, depth: number, problems: string[]): void {
  if (typeof value === 'string') {
    if (!value.isWellFormed())
      problems.push(valueProblem(path || 'The body', 'holds a lone UTF-16 surrogate, which cannot be stored exactly'));
    else if (value.includes('\u0000'))
      problems.push(valueProblem(path || 'The body', 'holds the character U+0000, which cannot be stored'));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_BODY_DEPTH) {
    problems.push(
      `The request body is nested more than ${MAX_BODY_DEPTH} levels deep (at '${path}'); no resource of this service needs that.`,
    );
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) inspect(value[index], childPath(path, index), depth + 1, problems);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (isIgnoredAnnotation(key)) delete record[key];
    else if (!key.isWellFormed()) problems.push('A property name in the request body holds a lone UTF-16 surrogate.');
    else inspect(record[key], childPath(path, key), depth + 1, problems);
  }
}
