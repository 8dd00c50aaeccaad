import { availableParallelism } from 'node:os';
import { MessageChannel, MessagePort, Transferable } from 'node:worker_threads';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Piscina from 'piscina';
import { AppConfig } from '../../../config/app-config';
import { CsvText } from '../../../graph/body/csv-text';
import { UnparsedBody } from '../../../graph/body/unparsed-body';
import { SecretCipher } from '../../../secrets/secret-cipher';
import { ImportBatch, ImportBatches, PoolImport } from './operator-csv';
import { ownedBuffersOf, PoolWrite, PoolWriteKind, preparePoolWrite } from './pool-write';
import { errorOf, ImportMessage, PoolWriteTask, PoolWriteTaskResult, PoolWriteWorkerData } from './pool-write-task';

/** Workers go away after this long without work, so an idle service holds no threads. */
const WORKER_IDLE_TIMEOUT_MS = 30_000;
/**
 * A worker's heap: the largest body (16 MiB, at most 600,000 JSON elements) parses and seals well
 * inside it, and V8 collects before it grows further. Without a bound, three back-to-back
 * 100,000-code creates left the process at 400 MB of RSS; with it, about 320 MB.
 */
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 192 };

/**
 * Prepares pool writes: small bodies inline; large ones (which the HTTP layer hands on unparsed: JSON
 * over its inline limit, CSV files) in a worker thread, because parsing, checking and sealing 100,000
 * codes takes the CPU for about a second and the event loop must keep serving every other tenant
 * meanwhile.
 */
@Injectable()
export class PoolWritePreparer implements OnModuleDestroy {
  private workers: Piscina | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly cipher: SecretCipher,
  ) {}

  async prepare(body: unknown, kind: PoolWriteKind, tenantId: string): Promise<PoolWrite> {
    if (!(body instanceof UnparsedBody && body.large)) {
      return preparePoolWrite(body, kind, { tenantId, strictCodes: this.config.esim.strictCodes, cipher: this.cipher });
    }
    // The body's bytes move to the worker; nothing here reads them again.
    const transferList: Transferable[] = ownedBuffersOf([body.bytes]);
    if (kind === 'import') {
      const { port1, port2 } = new MessageChannel();
      const task = this.pool().run({ body: body.bytes, kind, tenantId, port: port2 } satisfies PoolWriteTask, {
        transferList: [...transferList, port2],
      });
      return { kind, batches: new ReceivedBatches(port1, task) };
    }
    const result = (await this.pool().run({ body: body.bytes, kind, tenantId } satisfies PoolWriteTask, {
      transferList,
    })) as PoolWriteTaskResult;
    if ('failure' in result) throw errorOf(result.failure);
    return result.write;
  }

  /** An operator CSV read from a file (`npm run import`), prepared exactly as the body of `POST …/activationCodes/$import`. */
  async prepareImport(csv: Uint8Array, tenantId: string): Promise<PoolImport> {
    // The kind 'import' always prepares into a PoolImport (see preparePoolWrite).
    return (await this.prepare(new CsvText(csv), 'import', tenantId)) as PoolImport;
  }

  async onModuleDestroy(): Promise<void> {
    await this.workers?.destroy();
  }

  private pool(): Piscina {
    this.workers ??= new Piscina({
      filename: workerFile(),
      workerData: {
        dataDir: this.config.dataDir,
        codeKey: this.config.esim.codeKey,
        strictCodes: this.config.esim.strictCodes,
      } satisfies PoolWriteWorkerData,
      minThreads: 0,
      maxThreads: Math.max(1, availableParallelism() - 1),
      idleTimeout: WORKER_IDLE_TIMEOUT_MS,
      resourceLimits: WORKER_RESOURCE_LIMITS,
      ...runningFromSources(),
    });
    return this.workers;
  }
}

/**
 * The batches a worker sends through an import's port, in order, as an async iterable: it ends with
 * the worker's end message, and fails with its refusal, with the task's own failure (a crashed
 * worker), or when the port closes without either.
 */
class ReceivedBatches implements ImportBatches {
  private readonly queue: ImportMessage[] = [];
  private crash: { error: unknown } | undefined;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly port: MessagePort,
    task: Promise<unknown>,
  ) {
    port.on('message', (message: ImportMessage) => this.arrived(() => this.queue.push(message)));
    port.once('close', () => this.arrived(() => (this.closed = true)));
    task.catch((error: unknown) => this.arrived(() => (this.crash = { error })));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ImportBatch> {
    try {
      for (;;) {
        const message = this.queue.shift();
        if (message === undefined) {
          if (this.crash !== undefined) throw this.crash.error;
          // Messages arrive before the close: a port closed without an end is a worker that lost its way.
          if (this.closed) throw new Error('The import worker closed its port without an end or a refusal');
          await new Promise<void>((wake) => (this.wake = wake));
        } else if ('batch' in message) {
          yield message.batch;
        } else if ('failure' in message) {
          throw errorOf(message.failure);
        } else {
          return;
        }
      }
    } finally {
      this.cancel();
    }
  }

  /** Tells the worker to stop sealing (the only message this side ever sends), and lets go of the port. */
  cancel(): void {
    this.port.postMessage('abandon');
    this.port.close();
    this.queue.length = 0;
  }

  private arrived(record: () => void): void {
    record();
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The worker module beside this one, whether the service runs built (`.js`) or from its sources (`.ts`). */
function workerFile(): string {
  return __filename.replace(/pool-write-preparer\.(ts|js)$/, 'pool-write.worker.$1');
}

/** From the sources (tests, `ts-node`), the worker compiles TypeScript as it loads, as the main thread does. */
function runningFromSources(): { execArgv?: string[]; env?: NodeJS.ProcessEnv } {
  if (!__filename.endsWith('.ts')) return {};
  return { execArgv: ['--require', 'ts-node/register'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } };
}
