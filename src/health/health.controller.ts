import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/public-route';
import { ReadinessContributor } from '../common/readiness-contributor';
import { MigrationsHealthIndicator } from './migrations.health';
import { READINESS_CONTRIBUTORS } from './readiness-contributors';

const DATABASE_PING_TIMEOUT_MS = 1000;
const RETRY_READINESS_AFTER_SECONDS = '5';

/**
 * Outside the Graph roots, public and never throttled (public routes are not counted). Liveness says
 * the process answers; readiness adds what a request needs: the database reachable, its schema current;
 * and what other modules report on their dependencies (`READINESS_CONTRIBUTORS`: throttling's Redis).
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
    @Inject(READINESS_CONTRIBUTORS) private readonly contributors: readonly ReadinessContributor[],
  ) {}

  @Get('live')
  @HealthCheck()
  live(@Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, this.health.check([]));
  }

  @Get('ready')
  @HealthCheck()
  ready(@Res({ passthrough: true }) reply: FastifyReply) {
    return answer(
      reply,
      this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
        () => this.migrations.isApplied('migrations'),
        ...this.contributors.map((contributor) => () => contributor.readiness()),
      ]),
    );
  }
}

/** Terminus reports a failed check by throwing its report; the orchestrator wants that report with a 503, not a Graph error. */
async function answer(reply: FastifyReply, check: Promise<HealthCheckResult>): Promise<object> {
  try {
    return await check;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    reply.status(503).header('retry-after', RETRY_READINESS_AFTER_SECONDS);
    return error.getResponse() as object;
  }
}
