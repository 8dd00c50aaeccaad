import { getMetadataStorage, validate } from 'class-validator';
import { GraphHttpError } from '../errors/graph-error';
import { inspectBody } from './body-inspection';
import { summarizeProblems, unknownPropertyProblem } from './body-problems';
import { edmValueProblems } from './edm-value.decorator';
import { DEFAULT_MAX_JSON_ELEMENTS, UnparsedJson } from './json-text';
import { problemsFromValidationErrors } from './validation-messages';
import { odataTypeNameOf, readOnlyPropertiesOf } from './wire-decorators';

export type DtoClass<T extends object = object> = new () => T;

/**
 * A request body checked with Graph's body rules (spec §2) and returned as an instance of `dtoClass`:
 * parsed first if the HTTP layer left it as text (with at most `maxElements` JSON elements); nesting and strings checked (`inspectBody`);
 * unknown properties refused, read-only ones ignored, instance annotations other than `@odata.type`
 * dropped; the DTO's properties checked by class-validator and, where they carry `@EdmValue`, by
 * checkers compiled from the EDM; wrong types and nulls named by path. Throws a 400 GraphHttpError.
 * A plain function, so that a worker thread validates large bodies exactly as the pipe validates small ones.
 */
export async function validateGraphBody<T extends object>(
  body: unknown,
  dtoClass: DtoClass<T>,
  { maxElements = DEFAULT_MAX_JSON_ELEMENTS }: { maxElements?: number } = {},
): Promise<T> {
  const value = body instanceof UnparsedJson ? body.parse(maxElements) : body;
  if (value === undefined || value === null) {
    throw GraphHttpError.badRequest('The request body is empty; a JSON object is required.');
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw GraphHttpError.badRequest('The request body must be a JSON object.');
  }
  const inspectionProblems = inspectBody(value);
  if (inspectionProblems.length > 0) throw GraphHttpError.badRequest(summarizeProblems(inspectionProblems));
  const dto = adopt(value as Record<string, unknown>, dtoClass);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: true, value: true },
  });
  const refused = new Set(errors.map((error) => error.property));
  const problems = [...problemsFromValidationErrors(errors), ...edmValueProblems(dto, refused)];
  if (problems.length > 0) throw GraphHttpError.badRequest(summarizeProblems(problems));
  return dto;
}

/**
 * The body's own properties on a DTO instance: read-only ones left out, unknown ones refused. The
 * names are compared as own keys against a set, never looked up through an object, so that
 * `constructor`, `hasOwnProperty` and other `Object.prototype` names are unknown like any other.
 */
function adopt<T extends object>(body: Record<string, unknown>, dtoClass: DtoClass<T>): T {
  const declared = declaredPropertiesOf(dtoClass);
  const readOnly = readOnlyPropertiesOf(dtoClass);
  const dto = Object.create(dtoClass.prototype as object) as Record<string, unknown>;
  const unknown: string[] = [];
  for (const key of Object.keys(body)) {
    if (readOnly.includes(key)) continue;
    if (declared.has(key)) dto[key] = body[key];
    else unknown.push(unknownPropertyProblem(key, odataTypeNameOf(dtoClass)));
  }
  if (unknown.length > 0) throw GraphHttpError.badRequest(summarizeProblems(unknown));
  return dto as T;
}

const declaredProperties = new WeakMap<DtoClass, ReadonlySet<string>>();

function declaredPropertiesOf(dtoClass: DtoClass): ReadonlySet<string> {
  let names = declaredProperties.get(dtoClass);
  if (names === undefined) {
    const validated = getMetadataStorage().getTargetValidationMetadatas(dtoClass, '', true, false);
    names = new Set([...validated.map((metadata) => metadata.propertyName), ...readOnlyPropertiesOf(dtoClass)]);
    declaredProperties.set(dtoClass, names);
  }
  return names;
}
