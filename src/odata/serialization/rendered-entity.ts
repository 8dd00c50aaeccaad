import { ENTITY_TAG } from '../concurrency/entity-tags';

/**
 * An entity as the database rendered it from its JSON render plan: the minimal-metadata JSON text
 * and, where the read needs them, its key (to find its expanded children by) and its ETag (for the
 * `ETag` header of a single entity), in the slot where the output formatter looks for one.
 */
export class RenderedEntity {
  readonly [ENTITY_TAG]?: string;

  constructor(
    readonly json: string,
    readonly key?: string,
    etag?: string,
  ) {
    if (etag !== undefined) this[ENTITY_TAG] = etag;
  }

  /** The keys of entities read with their keys (for `$expand`). */
  static keysOf(entities: readonly RenderedEntity[]): string[] {
    return entities.map(({ key }) => {
      if (key === undefined) throw new Error('An entity was rendered without the key its read needs');
      return key;
    });
  }

  /**
   * Its properties as a value the formatter renders itself, for what the text cannot serve as it is
   * (another metadata level): the control information goes, the formatter writes its own.
   */
  toValue(): object {
    const value = JSON.parse(this.json) as Record<string | symbol, unknown>;
    const etag = value['@odata.etag'];
    delete value['@odata.type'];
    delete value['@odata.etag'];
    if (etag !== undefined) value[ENTITY_TAG] = etag;
    return value;
  }
}
