import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { getMetadataStorage, validate } from 'class-validator';
import { GraphHttpError } from '../errors/graph-error';
import { inspectBody } from './body-inspection';
import { summarizeProblems, unknownPropertyProblem } from './body-problems';
import { complexCollectionProblems } from './complex-collection';
import { problemsFromValidationErrors } from './validation-messages';
import { odataTypeNameOf, readOnlyPropertiesOf } from './wire-decorators';

type DtoClass = new () => object;

/**
 * Validates every `@Body()` whose DTO declares an OData type, with Graph's body rules (spec §2):
 * nesting and strings checked first (`inspectBody`), unknown properties refused, read-only ones
 * ignored, instance annotations other than `@odata.type` dropped, wrong types and nulls named by path.
 * The DTO's own properties are checked by class-validator; collections of complex values by checkers
 * compiled from the EDM.
 */
@Injectable()
export class GraphBodyPipe implements PipeTransform {
  private readonly declaredProperties = new Map<DtoClass, ReadonlySet<string>>();

  async transform(value: unknown, { type, metatype }: ArgumentMetadata): Promise<unknown> {
    if (type !== 'body' || metatype === undefined || odataTypeNameOf(metatype) === undefined) return value;
    if (value === undefined || value === null) {
      throw GraphHttpError.badRequest('The request body is empty; a JSON object is required.');
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw GraphHttpError.badRequest('The request body must be a JSON object.');
    }
    const dtoClass = metatype as DtoClass;
    const inspectionProblems = inspectBody(value);
    if (inspectionProblems.length > 0) throw GraphHttpError.badRequest(summarizeProblems(inspectionProblems));
    const dto = this.adopt(value as Record<string, unknown>, dtoClass);
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
      validationError: { target: true, value: true },
    });
    const problems = [...problemsFromValidationErrors(errors), ...complexCollectionProblems(dto)];
    if (problems.length > 0) throw GraphHttpError.badRequest(summarizeProblems(problems));
    return dto;
  }

  /**
   * The body's own properties on a DTO instance: read-only ones left out, unknown ones refused. The
   * names are compared as own keys against a set, never looked up through an object, so that
   * `constructor`, `hasOwnProperty` and other `Object.prototype` names are unknown like any other.
   */
  private adopt(body: Record<string, unknown>, dtoClass: DtoClass): object {
    const declared = this.declaredPropertiesOf(dtoClass);
    const readOnly = readOnlyPropertiesOf(dtoClass);
    const dto = Object.create(dtoClass.prototype as object) as Record<string, unknown>;
    const unknown: string[] = [];
    for (const key of Object.keys(body)) {
      if (readOnly.includes(key)) continue;
      if (declared.has(key)) dto[key] = body[key];
      else unknown.push(unknownPropertyProblem(key, odataTypeNameOf(dtoClass)));
    }
    if (unknown.length > 0) throw GraphHttpError.badRequest(summarizeProblems(unknown));
    return dto;
  }

  private declaredPropertiesOf(dtoClass: DtoClass): ReadonlySet<string> {
    let names = this.declaredProperties.get(dtoClass);
    if (names === undefined) {
      const validated = getMetadataStorage().getTargetValidationMetadatas(dtoClass, '', true, false);
      names = new Set([...validated.map((metadata) => metadata.propertyName), ...readOnlyPropertiesOf(dtoClass)]);
      this.declaredProperties.set(dtoClass, names);
    }
    return names;
  }
}
