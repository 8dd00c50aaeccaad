/** Limits every request's query is validated against (spec §5, §11), one object for the whole engine. */
export interface ODataQuerySettings {
  /** Largest `$top` a client may ask for. */
  readonly maxTop: number;
  /** Most syntax-tree nodes in `$filter`, `$orderby` and `$search` together (a guard against costly queries). */
  readonly maxNodeCount: number;
  /** Deepest `$expand` nesting. */
  readonly maxExpansionDepth: number;
  /** Most `$orderby` items. */
  readonly maxOrderByItems: number;
  /** Server-driven page size (`MAX_PAGE_SIZE`); a client's `odata.maxpagesize` may only lower it. */
  readonly maxPageSize: number;
}

export const DEFAULT_QUERY_SETTINGS: Omit<ODataQuerySettings, 'maxPageSize'> = {
  maxTop: 1000,
  maxNodeCount: 100,
  maxExpansionDepth: 2,
  maxOrderByItems: 5,
};
