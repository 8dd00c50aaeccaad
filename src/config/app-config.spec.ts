import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 3000, trustProxy: false });
    expect(config.dataDir).toBe('./data');
    expect(config.database).toEqual({ type: 'sqlite', path: 'data/esim.sqlite' });
    expect(config.logLevel).toBe('info');
    expect(config.esim.strictCodes).toBe(false);
  });

  it('places the database under DATA_DIR unless DB_PATH is given', () => {
    expect(loadConfig({ DATA_DIR: '/srv/esim' }).database.path).toBe('/srv/esim/esim.sqlite');
    expect(loadConfig({ DATA_DIR: '/srv/esim', DB_PATH: '/tmp/x.db' }).database.path).toBe('/tmp/x.db');
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
    expect(problems.join('\n')).toMatch(/DB_TYPE: must be sqlite/);
    expect(problems.join('\n')).toMatch(/ESIM_STRICT_CODES: must be true or false/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
