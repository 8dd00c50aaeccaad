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

  /** The keys of entities read one by one with their keys (for `$expand`). */
  static keysOf(entities: readonly (RenderedEntity | RenderedRun)[]): string[] {
    return entities.map((entity) => {
      if (!(entity instanceof RenderedEntity) || entity.key === undefined)
        throw new Error('An entity was rendered without the key its read needs');
      return entity.key;
    });
  }

  /**
   * Its properties as a value the formatter renders itself, for what the text cannot serve as it is
   * (another metadata level).
   */
  toValue(): object {
    return valueOfRendered(JSON.parse(this.json) as Record<string, unknown>);
  }
}

/**
 * A run of entities the database rendered and joined into one JSON text (their JSON objects separated
 * by commas, '' for none), as the members of a page's `value` array.
 */
export class RenderedRun {
  constructor(readonly json: string) {}

  /** Its entities as values the formatter renders itself (another metadata level). */
  toValues(): object[] {
    return (JSON.parse(`[${this.json}]`) as Record<string, unknown>[]).map(valueOfRendered);
  }
}

/** A rendered entity's properties, its ETag in the slot where the formatter looks for one: the formatter writes its own control information. */
function valueOfRendered(rendered: Record<string | symbol, unknown>): object {
  const etag = rendered['@odata.etag'];
  delete rendered['@odata.type'];
  delete rendered['@odata.etag'];
  if (etag !== undefined) rendered[ENTITY_TAG] = etag;
  return rendered;
}
