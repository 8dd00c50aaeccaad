import fc from 'fast-check';
import { ASSIGNMENT_TYPE, DEVICE_STATE_TYPE, ESIM_MODEL, POOL_TYPE } from '../src/esim/esim.schema';
import { ODataSyntaxError, parseExpression, parseQueryOptions } from '../src/odata/query/parser';
import { fuzzParameters } from './support/fuzz-harness';
import {
  mutatedOptions,
  mutatedText,
  QueryOptions,
  syntacticCollectionQuery,
  syntacticFilter,
  syntacticOrderBy,
  vocabularyOf,
} from './support/odata-query-grammar';

/**
 * Fuzz (issue 11, item 7) of the query option parser alone, without HTTP: what the grammar of
 * `odata-query-grammar.ts` writes must parse (which also proves the generator writes OData, so the
 * HTTP suites send what they mean to), and anything, mutated or not, either parses or fails with an
 * ODataSyntaxError pointing inside the text: never another exception, which would be a 500.
 *
 * Replay a failure with the seed fast-check prints: `FC_SEED=<seed> npx jest test/fuzz-odata-parser`
 * (add `FC_PATH=<path>` to go straight to the counterexample).
 */
describe('fuzzed OData query option parser', () => {
  const vocabulary = fc.constantFrom(...[POOL_TYPE, ASSIGNMENT_TYPE, DEVICE_STATE_TYPE].map((type) => vocabularyOf(ESIM_MODEL, type)));

  /**
   * Runs `parse`; fails unless it succeeds or throws an ODataSyntaxError whose position is within the
   * text it is about (`textOf` picks it: for a set of options, the value of the option it names).
   */
  function expectParsedOrSyntaxError(parse: () => unknown, textOf: (error: ODataSyntaxError) => string) {
    try {
      parse();
    } catch (error) {
      if (!(error instanceof ODataSyntaxError))
        throw new Error(`the parser threw ${String(error)}, not an ODataSyntaxError`, { cause: error });
      expect(error.position).toBeGreaterThanOrEqual(0);
      expect(error.position).toBeLessThanOrEqual(textOf(error).length);
    }
  }

  const asQuery = (options: QueryOptions) => {
    const query: Record<string, string[]> = {};
    for (const [name, value] of options) (query[name] ??= []).push(value);
    return query;
  };

  it('parses every $filter and $orderby the grammar writes', () => {
    const options = vocabulary.chain((names) =>
      fc.oneof(
        syntacticFilter(names).map((value) => ({ $filter: value })),
        syntacticOrderBy(names).map((value) => ({ $orderby: value })),
      ),
    );
    fc.assert(
      fc.property(options, (query) => {
        parseQueryOptions(query);
      }),
      fuzzParameters(2000),
    );
  });

  it('answers any expression, mutated or not, with a tree or an ODataSyntaxError', () => {
    const texts = vocabulary.chain((names) => fc.oneof(syntacticFilter(names), syntacticFilter(names).chain(mutatedText)));
    fc.assert(
      fc.property(texts, (text) =>
        expectParsedOrSyntaxError(
          () => parseExpression(text),
          () => text,
        ),
      ),
      fuzzParameters(2000),
    );
  });

  it('answers any set of query options, mutated or not, with parsed options or an ODataSyntaxError', () => {
    const queries = vocabulary.chain((names) =>
      fc.oneof(syntacticCollectionQuery(names), syntacticCollectionQuery(names).chain(mutatedOptions)),
    );
    fc.assert(
      fc.property(queries, (options) =>
        expectParsedOrSyntaxError(
          () => parseQueryOptions(asQuery(options)),
          (error) => options.find(([name]) => name === error.option)?.[1] ?? '',
        ),
      ),
      fuzzParameters(2000),
    );
  });
});
