import { ConfigError, databaseLocation, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      trustProxy: false,
      bodyLimitBytes: 16 * 1024 * 1024,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      idleTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      maxBodyBytesInFlight: 64 * 1024 * 1024,
      shutdownGraceMs: 25_000,
      corsOrigins: [],
    });
    expect(config.dataDir).toBe('./data');
    expect(config.database).toEqual({ type: 'sqlite', path: 'data/esim.sqlite', synchronous: 'normal' });
    expect(config.logLevel).toBe('info');
    expect(config.esim.strictCodes).toBe(false);
  });

  it('places the database under DATA_DIR unless DB_PATH is given', () => {
    expect(loadConfig({ DATA_DIR: '/srv/esim' }).database).toMatchObject({ path: '/srv/esim/esim.sqlite' });
    expect(loadConfig({ DATA_DIR: '/srv/esim', DB_PATH: '/tmp/x.db' }).database).toMatchObject({ path: '/tmp/x.db' });
  });

  describe('the database', () => {
    const url = 'postgres://esim:s3cret@db.contoso.com:5432/esim?sslmode=require';
    /** The message of the ConfigError that `env` makes. */
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).message;
      }
      throw new Error('the configuration was accepted');
    };

    it('reads DB_TYPE=postgres with DATABASE_URL, and the pool size and statement timeout with their defaults', () => {
      expect(loadConfig({ DB_TYPE: 'postgres', DATABASE_URL: url }).database).toEqual({
        type: 'postgres',
        url,
        poolSize: 10,
        statementTimeoutMs: 30_000,
      });
      const tuned = loadConfig({
        DB_TYPE: 'postgres',
        DATABASE_URL: 'postgresql:///esim',
        DB_POOL_SIZE: '40',
        DB_STATEMENT_TIMEOUT_MS: '0',
      });
      expect(tuned.database).toMatchObject({ poolSize: 40, statementTimeoutMs: 0 });
      expect(refusal({ DB_TYPE: 'postgres', DATABASE_URL: url, DB_POOL_SIZE: '0' })).toMatch(/DB_POOL_SIZE: must be from 1 to 1000/);
    });

    it('refuses DATABASE_URL without DB_TYPE=postgres rather than run on SQLite, and never prints the URL', () => {
      for (const env of [{ DATABASE_URL: url }, { DB_TYPE: 'sqlite', DATABASE_URL: url }] as Record<string, string>[]) {
        const message = refusal(env);
        expect(message).toMatch(/DATABASE_URL: is set, but DB_TYPE is not postgres: set DB_TYPE=postgres .*not shown: it is a secret/);
        expect(message).not.toContain('s3cret');
      }
    });

    it('refuses DB_TYPE=postgres without a postgres:// DATABASE_URL, and never prints what it got', () => {
      expect(refusal({ DB_TYPE: 'postgres' })).toMatch(/DATABASE_URL: is required when DB_TYPE=postgres/);
      const message = refusal({ DB_TYPE: 'postgres', DATABASE_URL: 'mysql://esim:s3cret@db.contoso.com/esim' });
      expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(message).not.toContain('s3cret');
    });

    it('refuses a setting of the other database, which would be ignored', () => {
      const onPostgres = refusal({ DB_TYPE: 'postgres', DATABASE_URL: url, DB_PATH: '/srv/esim.sqlite', DB_SYNCHRONOUS: 'full' });
      expect(onPostgres).toMatch(/DB_PATH: applies to DB_TYPE=sqlite only/);
      expect(onPostgres).toMatch(/DB_SYNCHRONOUS: applies to DB_TYPE=sqlite only/);
      const onSqlite = refusal({ DB_POOL_SIZE: '5', DB_STATEMENT_TIMEOUT_MS: '1000' });
      expect(onSqlite).toMatch(/DB_POOL_SIZE: applies to DB_TYPE=postgres only/);
      expect(onSqlite).toMatch(/DB_STATEMENT_TIMEOUT_MS: applies to DB_TYPE=postgres only/);
    });

    it('reads DB_SYNCHRONOUS (normal or full) for SQLite', () => {
      expect(loadConfig({ DB_SYNCHRONOUS: 'full' }).database).toMatchObject({ synchronous: 'full' });
      expect(refusal({ DB_SYNCHRONOUS: 'off' })).toMatch(/DB_SYNCHRONOUS: must be normal or full/);
    });

    it('shows where the database is without the password or parameters of its URL', () => {
      expect(databaseLocation(loadConfig({ DB_TYPE: 'postgres', DATABASE_URL: url }).database)).toBe(
        'postgres://esim@db.contoso.com:5432/esim',
      );
      expect(databaseLocation(loadConfig({ DATA_DIR: '/srv/esim' }).database)).toBe('/srv/esim/esim.sqlite');
    });
  });

  it('converts numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', ESIM_STRICT_CODES: 'TRUE', TRUST_PROXY: 'false' });
    expect(config.http.port).toBe(8080);
    expect(config.esim.strictCodes).toBe(true);
    expect(config.http.trustProxy).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(3000);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DB_TYPE: 'oracle', ESIM_STRICT_CODES: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT: must be an integer/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL: must be one of .*silent \(got 'loud'\)/);
    expect(problems.join('\n')).toMatch(/DB_TYPE: must be sqlite or postgres/);
    expect(problems.join('\n')).toMatch(/ESIM_STRICT_CODES: must be true or false/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  describe('dev mode stays on this machine (self-minted tokens)', () => {
    const jwks = {
      AUTH_MODE: 'jwks',
      AUTH_JWKS_URI: 'https://login.example.com/keys',
      AUTH_ISSUER: 'https://login.example.com/{tenantid}/v2.0',
      AUTH_AUDIENCE: 'https://graph.microsoft.com',
      ESIM_CODE_KEY: Buffer.alloc(32, 7).toString('base64'),
    };

    it('listens on loopback by default in dev mode, on every interface in jwks mode', () => {
      expect(loadConfig({}).http.host).toBe('127.0.0.1');
      expect(loadConfig(jwks).http.host).toBe('0.0.0.0');
    });

    it.each(['127.0.0.1', '::1', 'localhost', '127.0.0.2'])('accepts the loopback HOST %s in dev mode', (host) => {
      expect(loadConfig({ HOST: host }).http.host).toBe(host);
    });

    it('refuses another HOST in dev mode unless AUTH_DEV_REMOTE=true', () => {
      expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST: must be a loopback address while AUTH_MODE=dev.*AUTH_DEV_REMOTE=true/);
      expect(loadConfig({ HOST: '0.0.0.0', AUTH_DEV_REMOTE: 'true' }).http.host).toBe('0.0.0.0');
      expect(loadConfig({ ...jwks, HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
    });

    it('refuses dev mode under NODE_ENV=production', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/NODE_ENV: is production, where AUTH_MODE=dev .* must not run/);
      expect(() => loadConfig({ NODE_ENV: 'production', AUTH_DEV_REMOTE: 'true' })).toThrow(/NODE_ENV/);
      expect(loadConfig({ ...jwks, NODE_ENV: 'production' }).auth.mode).toBe('jwks');
    });
  });

  describe('code keys', () => {
    const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

    it('reads the previous keys of a rotation', () => {
      const config = loadConfig({ ESIM_CODE_KEY: key(1), ESIM_CODE_KEYS_PREVIOUS: `${key(2)}, ${key(3)}` });
      expect(config.esim.previousCodeKeys).toEqual([Buffer.alloc(32, 2), Buffer.alloc(32, 3)]);
      expect(loadConfig({}).esim.previousCodeKeys).toEqual([]);
    });

    it('names a bad key but never prints it', () => {
      const secret = Buffer.alloc(31, 9).toString('base64');
      let message = '';
      try {
        loadConfig({ ESIM_CODE_KEY: secret, ESIM_CODE_KEYS_PREVIOUS: `${key(2)},${secret}` });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/ESIM_CODE_KEY: must be 32 bytes/);
      expect(message).toMatch(/ESIM_CODE_KEYS_PREVIOUS: must be comma-separated keys/);
      expect(message).toMatch(/not shown: it is a secret/);
      expect(message).not.toContain(secret);
      expect(message).not.toContain(key(2));
    });
  });

  it('reads the HTTP timeouts and the body bytes in flight', () => {
    const { http } = loadConfig({
      HTTP_HEADERS_TIMEOUT_SECONDS: '5',
      HTTP_REQUEST_TIMEOUT_SECONDS: '120',
      HTTP_IDLE_TIMEOUT_SECONDS: '15',
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '65',
      HTTP_MAX_BODY_MIB_IN_FLIGHT: '256',
    });
    expect(http).toMatchObject({ headersTimeoutMs: 5000, requestTimeoutMs: 120_000, idleTimeoutMs: 15_000, keepAliveTimeoutMs: 65_000 });
    expect(http.maxBodyBytesInFlight).toBe(256 * 1024 * 1024);
    expect(() => loadConfig({ HTTP_MAX_BODY_MIB_IN_FLIGHT: '8' })).toThrow(/HTTP_MAX_BODY_MIB_IN_FLIGHT: must be from 16/);
  });

  it('reads the shutdown grace period and the CORS origins', () => {
    const { http } = loadConfig({ SHUTDOWN_GRACE_SECONDS: '0', CORS_ORIGINS: 'https://portal.contoso.com, http://localhost:5173,' });
    expect(http.shutdownGraceMs).toBe(0);
    expect(http.corsOrigins).toEqual(['https://portal.contoso.com', 'http://localhost:5173']);
  });

  describe('REDIS_URL (the shared throttling store)', () => {
    it('is unset by default: limits are kept per instance', () => {
      expect(loadConfig({}).throttle.redisUrl).toBeUndefined();
    });

    it.each(['redis://127.0.0.1:6379', 'rediss://:s3cret@cache.contoso.com:6380/2', 'redis://default:s3cret@localhost'])(
      'accepts %s',
      (url) => {
        expect(loadConfig({ REDIS_URL: url }).throttle.redisUrl).toBe(url);
      },
    );

    it('refuses what is not a redis URL without printing it (it may hold a password)', () => {
      for (const url of ['http://:s3cret@cache.contoso.com', 'cache.contoso.com:6379', 'redis://:s3cret@']) {
        let message = '';
        try {
          loadConfig({ REDIS_URL: url });
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL .*not shown: it is a secret/);
        expect(message).not.toContain('s3cret');
      }
    });
  });

  it.each(['portal.contoso.com', 'https://portal.contoso.com/', 'https://portal.contoso.com/app', '*'])(
    'refuses %s as a CORS origin',
    (origin) => {
      expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS: must be comma-separated origins/);
    },
  );
});
