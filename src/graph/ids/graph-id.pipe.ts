import { Injectable, PipeTransform } from '@nestjs/common';
import { GraphHttpError } from '../errors/graph-error';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Spec §1: ids are GUIDs; a malformed one is a 400 (an unknown one is the service's 404). */
@Injectable()
export class GraphIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!GUID.test(value)) {
      const shown = value.length > 64 ? `${value.slice(0, 64)}…` : value;
      throw GraphHttpError.badRequest(`'${shown}' is not a valid id: ids are GUIDs such as 'b3a2c1d0-5e6f-4a7b-8c9d-0e1f2a3b4c5d'.`);
    }
    return value.toLowerCase();
  }
}
