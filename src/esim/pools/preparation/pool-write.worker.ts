import 'reflect-metadata';
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { CsvText } from '../../../graph/body/csv-text';
import { UnparsedJson } from '../../../graph/body/json-text';
import { codeCipherFor } from '../../../secrets/code-cipher';
import { preparePoolWrite, transferableBuffersOf } from './pool-write';
import { failureOf, PoolWriteTask, PoolWriteTaskResult, PoolWriteWorkerData } from './pool-write-task';

const data = workerData as PoolWriteWorkerData;
// Structured cloning turns Buffers into plain Uint8Arrays.
const cipher = codeCipherFor({
  dataDir: data.dataDir,
  esim: { codeKey: data.codeKey && Buffer.from(data.codeKey), previousCodeKeys: [] },
});

/** Piscina's task function: the same preparation as inline, refusals returned rather than thrown. */
export default async function preparePoolWriteTask(task: PoolWriteTask): Promise<unknown> {
  try {
    const context = { tenantId: task.tenantId, strictCodes: data.strictCodes, cipher };
    const body = task.kind === 'import' ? new CsvText(task.body) : new UnparsedJson(task.body);
    const write = await preparePoolWrite(body, task.kind, context);
    const result: PoolWriteTaskResult = { write };
    // Hand the result's buffers over to the main thread instead of copying megabytes there.
    return move({ [transferableSymbol]: transferableBuffersOf(write), [valueSymbol]: result });
  } catch (error) {
    const failure = failureOf(error);
    if (failure === undefined) throw error;
    return { failure } satisfies PoolWriteTaskResult;
  }
}
