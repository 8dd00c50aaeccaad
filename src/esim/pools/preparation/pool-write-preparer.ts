import { availableParallelism } from 'node:os';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Piscina from 'piscina';
import { AppConfig } from '../../../config/app-config';
import { UnparsedBody } from '../../../graph/body/unparsed-body';
import { SecretCipher } from '../../../secrets/secret-cipher';
import { PoolWrite, PoolWriteKind, preparePoolWrite } from './pool-write';
import { errorOf, PoolWriteTask, PoolWriteTaskResult, PoolWriteWorkerData } from './pool-write-task';

/** Workers go away after this long without work, so an idle service holds no threads. */
const WORKER_IDLE_TIMEOUT_MS = 30_000;

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
    const task: PoolWriteTask = { body: body.bytes, kind, tenantId };
    // The body's bytes move to the worker; nothing here reads them again.
    const owned = body.bytes.byteOffset === 0 && body.bytes.byteLength === body.bytes.buffer.byteLength;
    const transferList = owned && body.bytes.buffer instanceof ArrayBuffer ? [body.bytes.buffer] : [];
    const result = (await this.pool().run(task, { transferList })) as PoolWriteTaskResult;
    if ('failure' in result) throw errorOf(result.failure);
    return result.write;
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
      ...runningFromSources(),
    });
    return this.workers;
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
