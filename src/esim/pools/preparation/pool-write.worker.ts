import 'reflect-metadata';
import { MessagePort, workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { CsvText } from '../../../graph/body/csv-text';
import { UnparsedJson } from '../../../graph/body/json-text';
import { codeCipherFor } from '../../../secrets/code-cipher';
import { sealOperatorCsv } from './operator-csv';
import { CodePreparationContext } from './prepared-codes';
import { ownedBuffersOf, preparePoolWrite, transferableBuffersOf } from './pool-write';
import { failureOf, ImportMessage, PoolWriteTask, PoolWriteTaskResult, PoolWriteWorkerData } from './pool-write-task';

const data = workerData as PoolWriteWorkerData;
// Structured cloning turns Buffers into plain Uint8Arrays.
const cipher = codeCipherFor({
  dataDir: data.dataDir,
  esim: { codeKey: data.codeKey && Buffer.from(data.codeKey), previousCodeKeys: [] },
});

/** Piscina's task function: the same preparation as inline, refusals returned rather than thrown. */
export default async function preparePoolWriteTask(task: PoolWriteTask): Promise<unknown> {
  const context = { tenantId: task.tenantId, strictCodes: data.strictCodes, cipher };
  if (task.kind === 'import' && task.port !== undefined) return streamImport(new CsvText(task.body), context, task.port);
  try {
    const write = await preparePoolWrite(new UnparsedJson(task.body), task.kind, context);
    const result: PoolWriteTaskResult = { write };
    // Hand the result's buffers over to the main thread instead of copying megabytes there.
    return move({ [transferableSymbol]: transferableBuffersOf(write), [valueSymbol]: result });
  } catch (error) {
    const failure = failureOf(error);
    if (failure === undefined) throw error;
    return { failure } satisfies PoolWriteTaskResult;
  }
}

/** Each sealed batch goes to the main thread as soon as it is full, so that it is stored while the next ones are sealed. */
async function streamImport(body: CsvText, context: CodePreparationContext, port: MessagePort): Promise<void> {
  const send = (message: ImportMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    await sealOperatorCsv(body, context, (batch) => send({ batch }, ownedBuffersOf([batch.rows, batch.lines])));
    send({ end: true });
  } catch (error) {
    const failure = failureOf(error);
    if (failure === undefined) throw error;
    send({ failure });
  } finally {
    port.close();
  }
}
