import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DtoClass, validateGraphBody } from './graph-body-validation';
import { odataTypeNameOf } from './wire-decorators';

/** Validates every `@Body()` whose DTO declares an OData type with Graph's body rules (`validateGraphBody`). */
@Injectable()
export class GraphBodyPipe implements PipeTransform {
  transform(value: unknown, { type, metatype }: ArgumentMetadata): unknown {
    if (type !== 'body' || metatype === undefined || odataTypeNameOf(metatype) === undefined) return value;
    return validateGraphBody(value, metatype as DtoClass);
  }
}
