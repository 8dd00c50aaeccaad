import { Injectable } from '@nestjs/common';
import { entityTagOf } from '../concurrency/entity-tags';
import { EdmModel } from '../edm/edm-model';

export type ODataEntity = Record<string, unknown>;

/**
 * Copies onto the wire only the properties the model declares readable, so a write-only property
 * (spec §4) cannot leave the service even if a value object carries it by mistake.
 */
@Injectable()
export class EntitySerializer {
  constructor(private readonly model: EdmModel) {}

  /**
   * `select` narrows the output to those properties (already validated as readable); `annotate`
   * false leaves out the control information, `@odata.type` and the `@odata.etag` of a value that
   * carries one (`odata.metadata=none`; OData JSON §4.5.10).
   */
  serialize(
    value: object,
    typeName: string,
    options: { echoWriteOnly?: boolean; select?: readonly string[]; annotate?: boolean } = {},
  ): ODataEntity {
    const source = value as Record<string, unknown>;
    const entity: ODataEntity = {};
    if (options.annotate !== false) {
      entity['@odata.type'] = `#${typeName}`;
      const etag = entityTagOf(value);
      if (etag !== undefined) entity['@odata.etag'] = etag;
    }
    const properties = options.echoWriteOnly ? this.model.properties(typeName) : this.model.readableProperties(typeName);
    for (const property of properties) {
      const propertyValue = source[property.name];
      if (propertyValue !== undefined && (options.select === undefined || options.select.includes(property.name))) {
        entity[property.name] = propertyValue;
      }
    }
    return entity;
  }
}
