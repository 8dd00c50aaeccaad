import { join } from 'node:path';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  Equals,
  Matches,
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
  ValidationArguments,
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
  abstract readonly http: HttpConfig;
  abstract readonly dataDir: string;
  abstract readonly database: DatabaseConfig;
  abstract readonly logLevel: LogLevel;
  abstract readonly esim: {
    readonly strictCodes: boolean;
    /** ESIM_CODE_KEY (32 bytes), or undefined in dev mode: a key is then generated under DATA_DIR. */
    readonly codeKey: Buffer | undefined;
    /** ESIM_CODE_KEYS_PREVIOUS: keys of earlier rotations, used only to open what they sealed. */
    readonly previousCodeKeys: readonly Buffer[];
  };
  abstract readonly auth: DevAuthConfig | JwksAuthConfig;
  abstract readonly throttle: ThrottleConfig;
  abstract readonly odata: { readonly maxPageSize: number };
}

/** Where the service listens, and the limits that keep one client from tying up the instance. */
export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** Trust X-Forwarded-* from a load balancer when building absolute URLs. */
  readonly trustProxy: boolean;
  readonly bodyLimitBytes: number;
  /** Time to receive a request's headers, from its first byte. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** Time a connection may stay silent (no byte either way) while a request is open. */
  readonly idleTimeoutMs: number;
  /** Time an idle keep-alive connection is kept between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Request body bytes the instance holds at once, all requests together; over it, 503. */
  readonly maxBodyBytesInFlight: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are closed. */
  readonly shutdownGraceMs: number;
  /** Origins a browser may call the service from (CORS); empty, CORS is off. */
  readonly corsOrigins: readonly string[];
}

const DATABASE_TYPES = ['sqlite', 'postgres'] as const;
export type DatabaseType = (typeof DATABASE_TYPES)[number];

export type DatabaseConfig = SqliteConfig | PostgresConfig;

/** The embedded default: one file, one writer connection. */
export interface SqliteConfig {
  readonly type: 'sqlite';
  readonly path: string;
  /** SQLite's `synchronous` pragma: `full` makes every acknowledged write survive a power loss (WAL mode). */
  readonly synchronous: 'normal' | 'full';
}

/** The scale-out database, shared by every instance. */
export interface PostgresConfig {
  readonly type: 'postgres';
  /** DATABASE_URL, a secret (it may hold a password): never print it; `databaseLocation` shows it without one. */
  readonly url: string;
  /** Connections of this instance's pool. */
  readonly poolSize: number;
  /** The longest a statement may run before PostgreSQL cancels it; 0 lets it run. */
  readonly statementTimeoutMs: number;
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
  /** REDIS_URL: the store shared by every instance; undefined keeps the counts in this instance's memory. */
  readonly redisUrl: string | undefined;
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

function isAes256Key(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

@ValidatorConstraint({ name: 'isAes256Key' })
class IsAes256Key implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return isAes256Key(value);
  }
  defaultMessage() {
    return 'must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)';
  }
}

@ValidatorConstraint({ name: 'isAes256KeyList' })
class IsAes256KeyList implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && value.split(',').every((key) => isAes256Key(key.trim()));
  }
  defaultMessage() {
    return 'must be comma-separated keys of 32 bytes each, base64-encoded';
  }
}

/** `https://portal.contoso.com`: a scheme, a host and an optional port, exactly as a browser sends `Origin`. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

@ValidatorConstraint({ name: 'isOriginList' })
class IsOriginList implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && corsOriginsOf(value).every(isOrigin);
  }
  defaultMessage() {
    return 'must be comma-separated origins such as https://portal.contoso.com (scheme, host, optional port; no path, no trailing slash)';
  }
}

/** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS: what ioredis accepts as a URL. */
@ValidatorConstraint({ name: 'isRedisUrl' })
class IsRedisUrl implements ValidatorConstraintInterface {
  validate(value: unknown) {
    try {
      const url = new URL(String(value));
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      return false;
    }
  }
  defaultMessage() {
    return 'must be a redis:// or rediss:// URL with a host, such as redis://127.0.0.1:6379';
  }
}

/** `postgres://` or `postgresql://`, as node-postgres reads a connection string. */
function isPostgresUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

@ValidatorConstraint({ name: 'isPostgresUrl' })
class IsPostgresUrlWithPostgres implements ValidatorConstraintInterface {
  validate(value: unknown, { object }: ValidationArguments) {
    return (object as EnvironmentVariables).DB_TYPE === 'postgres' && typeof value === 'string' && isPostgresUrl(value);
  }
  defaultMessage({ object }: ValidationArguments) {
    return (object as EnvironmentVariables).DB_TYPE === 'postgres'
      ? 'must be a postgres:// or postgresql:// URL, such as postgres://esim@db.contoso.com:5432/esim'
      : 'is set, but DB_TYPE is not postgres: set DB_TYPE=postgres to use PostgreSQL, or unset DATABASE_URL to use SQLite';
  }
}

/**
 * A setting of one database only: with the other one it would be silently ignored, so it is refused.
 * Written below the setting's own checks (decorators apply bottom-up), so that it is checked first.
 */
function OnlyWithDatabase(type: DatabaseType): PropertyDecorator {
  return Validate(AppliesToDatabase, [type]);
}

@ValidatorConstraint({ name: 'appliesToDatabase' })
class AppliesToDatabase implements ValidatorConstraintInterface {
  validate(_value: unknown, { object, constraints }: ValidationArguments) {
    return ((object as EnvironmentVariables).DB_TYPE ?? 'sqlite') === constraints[0];
  }
  defaultMessage({ constraints }: ValidationArguments) {
    return `applies to DB_TYPE=${String(constraints[0])} only; unset it`;
  }
}

function corsOriginsOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
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

/** Loopback addresses: with AUTH_MODE=dev the service listens only on one of them, unless told otherwise. */
const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

/** The raw environment, one decorated field per variable; only `loadConfig` sees it. */
class EnvironmentVariables {
  @OptionalInteger(0, 65535)
  PORT?: number;

  // Dev tokens are self-minted: whoever reaches the port and reads DATA_DIR could act as any tenant.
  @Matches(LOOPBACK_HOSTS, {
    message:
      'must be a loopback address while AUTH_MODE=dev (dev tokens are self-minted); set AUTH_DEV_REMOTE=true to expose dev mode on purpose',
  })
  @ValidateIf(
    (vars: EnvironmentVariables) => (vars.AUTH_MODE ?? 'dev') === 'dev' && vars.AUTH_DEV_REMOTE !== true && vars.HOST !== undefined,
  )
  @IsString()
  @IsOptional()
  HOST?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  AUTH_DEV_REMOTE?: boolean;

  @Equals(undefined, { message: 'is production, where AUTH_MODE=dev (self-minted tokens) must not run; use AUTH_MODE=jwks' })
  @ValidateIf((vars: EnvironmentVariables) => (vars.AUTH_MODE ?? 'dev') === 'dev' && vars.NODE_ENV === 'production')
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY?: boolean;

  @OptionalInteger(1, 3600)
  HTTP_HEADERS_TIMEOUT_SECONDS?: number;

  @OptionalInteger(1, 3600)
  HTTP_REQUEST_TIMEOUT_SECONDS?: number;

  @OptionalInteger(1, 3600)
  HTTP_IDLE_TIMEOUT_SECONDS?: number;

  @OptionalInteger(1, 3600)
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS?: number;

  @OptionalInteger(0, 3600)
  SHUTDOWN_GRACE_SECONDS?: number;

  @Validate(IsOriginList)
  @IsOptional()
  CORS_ORIGINS?: string;

  // At least one body of the largest size (16 MiB) must fit.
  @OptionalInteger(16, 65536)
  HTTP_MAX_BODY_MIB_IN_FLIGHT?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  DATA_DIR?: string;

  @IsOptional()
  @IsIn(DATABASE_TYPES, { message: 'must be sqlite or postgres' })
  DB_TYPE?: DatabaseType;

  @IsNotEmpty()
  @IsString()
  @OnlyWithDatabase('sqlite')
  @IsOptional()
  DB_PATH?: string;

  @IsIn(['normal', 'full'], { message: 'must be normal or full' })
  @OnlyWithDatabase('sqlite')
  @IsOptional()
  DB_SYNCHRONOUS?: 'normal' | 'full';

  // Set without DB_TYPE=postgres, it is refused rather than ignored: the service would run on SQLite.
  @Validate(IsPostgresUrlWithPostgres)
  @IsDefined({ message: 'is required when DB_TYPE=postgres' })
  @ValidateIf((vars: EnvironmentVariables) => vars.DB_TYPE === 'postgres' || vars.DATABASE_URL !== undefined)
  DATABASE_URL?: string;

  // PostgreSQL's own limit is max_connections (100 by default) for every instance together.
  @OptionalInteger(1, 1000)
  @OnlyWithDatabase('postgres')
  DB_POOL_SIZE?: number;

  @OptionalInteger(0, 2_147_483_647)
  @OnlyWithDatabase('postgres')
  DB_STATEMENT_TIMEOUT_MS?: number;

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

  @Validate(IsAes256KeyList)
  @IsOptional()
  ESIM_CODE_KEYS_PREVIOUS?: string;

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

  @Validate(IsRedisUrl)
  @IsOptional()
  REDIS_URL?: string;
}

/** Variables whose values are secrets: a configuration error names them but never prints their value. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['ESIM_CODE_KEY', 'ESIM_CODE_KEYS_PREVIOUS', 'REDIS_URL', 'DATABASE_URL']);

/**
 * Where the database is, for logs and messages: the SQLite file, or the PostgreSQL URL without its
 * password and parameters (either may hold a secret).
 */
export function databaseLocation(database: DatabaseConfig): string {
  if (database.type === 'sqlite') return database.path;
  const url = new URL(database.url);
  url.password = '';
  url.search = '';
  return url.toString();
}

const MIB = 1024 * 1024;
/** Spec §11: request bodies over 16 MiB are refused with 413. */
const BODY_LIMIT_BYTES = 16 * MIB;

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
      errors.map((e) => {
        const shown = SECRET_VARIABLES.has(e.property) ? 'the value is not shown: it is a secret' : `got '${String(e.value)}'`;
        return `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (${shown})`;
      }),
    );
  }
  const dataDir = vars.DATA_DIR ?? './data';
  const devMode = vars.AUTH_MODE !== 'jwks';
  return {
    http: {
      host: vars.HOST ?? (devMode ? '127.0.0.1' : '0.0.0.0'),
      port: vars.PORT ?? 3000,
      trustProxy: vars.TRUST_PROXY ?? false,
      bodyLimitBytes: BODY_LIMIT_BYTES,
      headersTimeoutMs: (vars.HTTP_HEADERS_TIMEOUT_SECONDS ?? 10) * 1000,
      requestTimeoutMs: (vars.HTTP_REQUEST_TIMEOUT_SECONDS ?? 60) * 1000,
      idleTimeoutMs: (vars.HTTP_IDLE_TIMEOUT_SECONDS ?? 30) * 1000,
      keepAliveTimeoutMs: (vars.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS ?? 72) * 1000,
      maxBodyBytesInFlight: (vars.HTTP_MAX_BODY_MIB_IN_FLIGHT ?? 64) * MIB,
      shutdownGraceMs: (vars.SHUTDOWN_GRACE_SECONDS ?? 25) * 1000,
      corsOrigins: corsOriginsOf(vars.CORS_ORIGINS),
    },
    dataDir,
    database:
      vars.DB_TYPE === 'postgres'
        ? {
            type: 'postgres',
            url: vars.DATABASE_URL as string,
            poolSize: vars.DB_POOL_SIZE ?? 10,
            statementTimeoutMs: vars.DB_STATEMENT_TIMEOUT_MS ?? 30_000,
          }
        : { type: 'sqlite', path: vars.DB_PATH ?? join(dataDir, 'esim.sqlite'), synchronous: vars.DB_SYNCHRONOUS ?? 'normal' },
    logLevel: vars.LOG_LEVEL ?? 'info',
    esim: {
      strictCodes: vars.ESIM_STRICT_CODES ?? false,
      codeKey: vars.ESIM_CODE_KEY === undefined ? undefined : Buffer.from(vars.ESIM_CODE_KEY, 'base64'),
      previousCodeKeys: (vars.ESIM_CODE_KEYS_PREVIOUS ?? '')
        .split(',')
        .filter((key) => key.trim() !== '')
        .map((key) => Buffer.from(key.trim(), 'base64')),
    },
    auth: !devMode
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
      redisUrl: vars.REDIS_URL,
    },
  };
}
