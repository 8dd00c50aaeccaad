import { run, NewmanRunOptions, NewmanRunSummary } from 'newman';
import { COLLECTION_FILE, ENVIRONMENT_FILE } from './collection-generator';

export interface CollectionRun {
  readonly requests: number;
  readonly assertions: number;
  /** One line per failed assertion or request, naming the request. */
  readonly failures: readonly string[];
}

/**
 * Runs the committed collection with newman against a service: `baseUrl` and `token` fill the
 * environment's variables. Shared by `npm run test:postman` and the test suite.
 */
export async function runCollection(options: {
  baseUrl: string;
  token: string;
  reporters?: NewmanRunOptions['reporters'];
}): Promise<CollectionRun> {
  const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
    run(
      {
        collection: COLLECTION_FILE,
        environment: ENVIRONMENT_FILE,
        envVar: [
          { key: 'baseUrl', value: options.baseUrl },
          { key: 'token', value: options.token },
        ],
        reporters: options.reporters ?? [],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  return {
    requests: summary.run.stats.requests.total ?? 0,
    assertions: summary.run.stats.assertions.total ?? 0,
    failures: summary.run.failures.map(({ source, error }) => `${source?.name ?? 'the collection'}: ${error.message}`),
  };
}
