import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  validateSync,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The service's settings, validated once at start-up (spec §13 names the variables).
 * Injected by class token, so a consumer writes `constructor(private readonly config: AppConfig)`.
 */
export abstract class AppConfig {
  abstract readonly http: {
    readonly host: string;
    readonly port: number;
    /** Trust X-Forwarded-* from a load balancer when building absolute URLs. */
    readonly trustProxy: boolean;
    readonly bodyLimitBytes: number;
  };
  abstract readonly dataDir: string;
  abstract readonly database: { readonly type: 'sqlite'; readonly path: string };
  abstract readonly logLevel: LogLevel;
  abstract readonly esim: { readonly strictCodes: boolean };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ({ true: true, false: false } as Record<string, boolean>)[value.toLowerCase()] ?? value : value;
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** The raw environment, one decorated field per variable; only `loadConfig` sees it. */
class EnvironmentVariables {
  // class-validator applies decorators bottom-up and stops at the first failure: basic checks last.
  @Max(65535, { message: 'must be a port number from 0 to 65535' })
  @Min(0, { message: 'must be a port number from 0 to 65535' })
  @IsInt({ message: 'must be an integer' })
  @Transform(toInteger)
  @IsOptional()
  PORT?: number;

  @IsOptional() @IsString() @IsNotEmpty()
  HOST?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY?: boolean;

  @IsOptional() @IsString() @IsNotEmpty()
  DATA_DIR?: string;

  @IsOptional() @IsIn(['sqlite'], { message: 'must be sqlite (the only database this version supports)' })
  DB_TYPE?: 'sqlite';

  @IsOptional() @IsString() @IsNotEmpty()
  DB_PATH?: string;

  @IsOptional() @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'must be true or false' })
  ESIM_STRICT_CODES?: boolean;
}

/** Spec §11: request bodies over 16 MiB are refused with 413. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Reads and validates the environment into an `AppConfig`.
 * Throws `ConfigError` listing every bad variable at once, so an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const vars = plainToInstance(EnvironmentVariables, present, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { stopAtFirstError: true, validationError: { target: false } });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got '${String(e.value)}')`),
    );
  }
  const dataDir = vars.DATA_DIR ?? './data';
  return {
    http: {
      host: vars.HOST ?? '0.0.0.0',
      port: vars.PORT ?? 3000,
      trustProxy: vars.TRUST_PROXY ?? false,
      bodyLimitBytes: BODY_LIMIT_BYTES,
    },
    dataDir,
    database: { type: vars.DB_TYPE ?? 'sqlite', path: vars.DB_PATH ?? join(dataDir, 'esim.sqlite') },
    logLevel: vars.LOG_LEVEL ?? 'info',
    esim: { strictCodes: vars.ESIM_STRICT_CODES ?? false },
  };
}
