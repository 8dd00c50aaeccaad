import { join } from 'node:path';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  Equals,
  IsBase64,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  Validate,
  ValidateIf,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
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
  abstract readonly esim: {
    readonly strictCodes: boolean;
    /** ESIM_CODE_KEY (32 bytes), or undefined in dev mode: a key is then generated under DATA_DIR. */
    readonly codeKey: Buffer | undefined;
  };
  abstract readonly auth: DevAuthConfig | JwksAuthConfig;
  abstract readonly throttle: ThrottleConfig;
  abstract readonly odata: { readonly maxPageSize: number };
}

export interface DevAuthConfig {
  readonly mode: 'dev';
}

export interface JwksAuthConfig {
  readonly mode: 'jwks';
  readonly jwksUri: string;
  /** Exact issuer, or a pattern with `{tenantid}` (Entra multi-tenant: `https://login.microsoftonline.com/{tenantid}/v2.0`). */
  readonly issuer: string;
  readonly audiences: readonly string[];
  /** Minimum time between JWKS downloads, so unknown `kid`s cannot make us hammer the issuer. */
  readonly jwksCooldownMs: number;
}

/** Spec §11: sliding-window limits per app and per tenant. */
export interface ThrottleConfig {
  readonly enabled: boolean;
  readonly windowMs: number;
  readonly writesPerApp: number;
  readonly writesPerTenant: number;
  readonly requestsPerApp: number;
  readonly requestsPerTenant: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (({ true: true, false: false } as Record<string, boolean>)[value.toLowerCase()] ?? value) : value;
const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

@ValidatorConstraint({ name: 'isAes256Key' })
class IsAes256Key implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && Buffer.from(value, 'base64').length === 32;
  }
  defaultMessage() {
    return 'must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)';
  }
}

/** An optional whole-number variable within [min, max], with one message naming the range. */
function OptionalInteger(min: number, max?: number): PropertyDecorator {
  const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
  // Applied in this order, and class-validator stops at the first failure: the type check comes first.
  return applyDecorators(
    IsOptional(),
    Transform(toInteger),
    IsInt({ message: 'must be an integer' }),
    Min(min, { message: `must be ${range}` }),
    ...(max === undefined ? [] : [Max(max, { message: `must be ${range}` })]),
  );
}

/** The raw environment, one decorated field per variable; only `loadConfig` sees it. */
class EnvironmentVariables {
  @OptionalInteger(0, 65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  HOST?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY?: boolean;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(['sqlite'], { message: 'must be sqlite (the only database this version supports)' })
  DB_TYPE?: 'sqlite';

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  DB_PATH?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  ESIM_STRICT_CODES?: boolean;

  @Validate(IsAes256Key)
  @IsBase64({}, { message: 'must be base64' })
  @IsDefined({ message: 'is required when AUTH_MODE=jwks (only the dev mode generates a key)' })
  @ValidateIf((vars: EnvironmentVariables) => vars.AUTH_MODE === 'jwks' || vars.ESIM_CODE_KEY !== undefined)
  ESIM_CODE_KEY?: string;

  @IsOptional()
  @IsIn(['dev', 'jwks'], { message: 'must be dev or jwks' })
  AUTH_MODE?: 'dev' | 'jwks';

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  @IsDefined({ message: 'is required when AUTH_MODE=jwks' })
  @ValidateIf((vars: EnvironmentVariables) => vars.AUTH_MODE === 'jwks')
  AUTH_JWKS_URI?: string;

  @IsNotEmpty({ message: 'must not be empty' })
  @IsDefined({ message: 'is required when AUTH_MODE=jwks' })
  @ValidateIf((vars: EnvironmentVariables) => vars.AUTH_MODE === 'jwks')
  AUTH_ISSUER?: string;

  @IsNotEmpty({ message: 'must not be empty' })
  @IsDefined({ message: 'is required when AUTH_MODE=jwks' })
  @ValidateIf((vars: EnvironmentVariables) => vars.AUTH_MODE === 'jwks')
  AUTH_AUDIENCE?: string;

  @OptionalInteger(0)
  AUTH_JWKS_COOLDOWN_SECONDS?: number;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  THROTTLE?: 'on' | 'off';

  @OptionalInteger(1)
  THROTTLE_WINDOW_SECONDS?: number;

  @OptionalInteger(1)
  THROTTLE_WRITES_PER_APP?: number;

  @OptionalInteger(1)
  THROTTLE_WRITES_PER_TENANT?: number;

  @OptionalInteger(1)
  THROTTLE_REQUESTS_PER_APP?: number;

  @OptionalInteger(1)
  THROTTLE_REQUESTS_PER_TENANT?: number;

  // At most the maximum $top: a page never holds more than a client may ask for.
  @OptionalInteger(1, 1000)
  MAX_PAGE_SIZE?: number;

  // A shared throttling store is specified (spec §11) but not built yet: refuse rather than ignore it.
  @Equals(undefined, { message: 'a shared throttling store is not supported by this version; unset it (limits are kept per instance)' })
  REDIS_URL?: string;
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
    throw new ConfigError(errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got '${String(e.value)}')`));
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
    esim: {
      strictCodes: vars.ESIM_STRICT_CODES ?? false,
      codeKey: vars.ESIM_CODE_KEY === undefined ? undefined : Buffer.from(vars.ESIM_CODE_KEY, 'base64'),
    },
    auth:
      vars.AUTH_MODE === 'jwks'
        ? {
            mode: 'jwks',
            jwksUri: vars.AUTH_JWKS_URI as string,
            issuer: vars.AUTH_ISSUER as string,
            audiences: (vars.AUTH_AUDIENCE as string)
              .split(',')
              .map((audience) => audience.trim())
              .filter(Boolean),
            jwksCooldownMs: (vars.AUTH_JWKS_COOLDOWN_SECONDS ?? 30) * 1000,
          }
        : { mode: 'dev' },
    odata: { maxPageSize: vars.MAX_PAGE_SIZE ?? 100 },
    throttle: {
      enabled: (vars.THROTTLE ?? 'on') === 'on',
      windowMs: (vars.THROTTLE_WINDOW_SECONDS ?? 20) * 1000,
      writesPerApp: vars.THROTTLE_WRITES_PER_APP ?? 100,
      writesPerTenant: vars.THROTTLE_WRITES_PER_TENANT ?? 200,
      requestsPerApp: vars.THROTTLE_REQUESTS_PER_APP ?? 1000,
      requestsPerTenant: vars.THROTTLE_REQUESTS_PER_TENANT ?? 2000,
    },
  };
}
