import 'reflect-metadata';
import { MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
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

/**
 * Each sealed batch goes to the main thread as soon as it is full, so that it is stored while the next
 * ones are sealed. When the main thread stops listening (an unknown pool, an ICCID already stored),
 * the rest of the file is not sealed for nothing: the worker is free for the next request sooner.
 */
async function streamImport(body: CsvText, context: CodePreparationContext, port: MessagePort): Promise<void> {
  // Parsing runs on microtasks, so the port's events would wait for the end: its one message is read synchronously.
  const abandoned = () => receiveMessageOnPort(port) !== undefined;
  const send = (message: ImportMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    await sealOperatorCsv(body, context, (batch) => {
      if (abandoned()) throw new ImportAbandoned();
      send({ batch }, ownedBuffersOf([batch.rows, batch.lines]));
    });
    send({ end: true });
  } catch (error) {
    if (error instanceof ImportAbandoned) return;
    const failure = failureOf(error);
    if (failure === undefined) throw error;
    send({ failure });
  } finally {
    port.close();
  }
}

class ImportAbandoned extends Error {}
