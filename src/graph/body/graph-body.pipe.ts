import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validate } from 'class-validator';
import { GraphHttpError } from '../errors/graph-error';
import { summarizeProblems } from './body-problems';
import { complexCollectionProblems } from './complex-collection';
import { problemsFromValidationErrors } from './validation-messages';
import { odataTypeNameOf, readOnlyPropertiesOf } from './wire-decorators';

/**
 * Validates every `@Body()` whose DTO declares an OData type, with Graph's body rules (spec §2):
 * unknown properties are refused, read-only ones ignored, instance annotations other than
 * `@odata.type` dropped, wrong types and nulls named by path. The DTO's own properties are checked
 * by class-validator; collections of complex values by checkers compiled from the EDM.
 */
@Injectable()
export class GraphBodyPipe implements PipeTransform {
  async transform(value: unknown, { type, metatype }: ArgumentMetadata): Promise<unknown> {
    if (type !== 'body' || metatype === undefined || odataTypeNameOf(metatype) === undefined) return value;
    if (value === undefined || value === null) {
      throw GraphHttpError.badRequest('A JSON object is required as the request body.');
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw GraphHttpError.badRequest('The request body must be a JSON object.');
    }
    const body = value as Record<string, unknown>;
    dropInstanceAnnotations(body);
    for (const property of readOnlyPropertiesOf(metatype)) delete body[property];
    // The parsed body is ours alone: adopting it as the DTO avoids copying 100,000 codes.
    const dto = Object.setPrototypeOf(body, (metatype as { prototype: object }).prototype) as object;
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
}

/** OData JSON §20: clients may send annotations a service does not know; only `@odata.type` is checked. */
export function dropInstanceAnnotations(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropInstanceAnnotations(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key.includes('@') && key !== '@odata.type') delete record[key];
      else dropInstanceAnnotations(record[key]);
    }
  }
}
