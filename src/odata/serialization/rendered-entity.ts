import { ENTITY_TAG } from '../concurrency/entity-tags';

/**
 * An entity as the database rendered it from its JSON render plan: the minimal-metadata JSON text,
 * its key (to find its expanded children, to build its URL) and its ETag, in the slot where the
 * output formatter looks for one.
 */
export class RenderedEntity {
  readonly [ENTITY_TAG]?: string;

  constructor(
    readonly json: string,
    readonly key: string,
    etag?: string,
  ) {
    if (etag !== undefined) this[ENTITY_TAG] = etag;
  }

  /**
   * Its properties as a value the formatter renders itself, for what the text cannot serve as it is
   * (another metadata level): the control information goes, the formatter writes its own.
   */
  toValue(): object {
    const value = JSON.parse(this.json) as Record<string | symbol, unknown>;
    delete value['@odata.type'];
    delete value['@odata.etag'];
    if (this[ENTITY_TAG] !== undefined) value[ENTITY_TAG] = this[ENTITY_TAG];
    return value;
  }
}
