import { Injectable, PipeTransform } from '@nestjs/common';
import { GUID_PATTERN } from '../../common/guid';
import { GraphHttpError } from '../errors/graph-error';

/** Spec §1: ids are GUIDs; a malformed one is a 400 (an unknown one is the service's 404). */
@Injectable()
export class GraphIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!GUID_PATTERN.test(value)) {
      const shown = value.length > 64 ? `${value.slice(0, 64)}…` : value;
      throw GraphHttpError.badRequest(`'${shown}' is not a valid id: ids are GUIDs such as 'b3a2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d'.`);
    }
    return value.toLowerCase();
  }
}
