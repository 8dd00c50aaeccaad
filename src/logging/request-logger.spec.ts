import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { requestLogger } from './request-logger';

describe('requestLogger', () => {
  function capture(level: 'info' | 'warn') {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const parent = createLogger(level, stream);
    const child = jest.spyOn(parent, 'child');
    return { log: requestLogger(parent, { reqId: 'r-1' }), lines, child };
  }

  it('writes the request id on every line, with the fields and message given', () => {
    const { log, lines } = capture('info');
    log.info({ status: 200 }, 'request completed');
    log.error('failed');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, reqId: 'r-1', status: 200, msg: 'request completed', service: 'graph-esim-service' }),
      expect.objectContaining({ level: 50, reqId: 'r-1', msg: 'failed' }),
    ]);
  });

  it('makes no pino child for a request that writes nothing at the enabled levels, and one for all its lines', () => {
    const { log, lines, child } = capture('warn');
    log.info('not written');
    log.debug('not written');
    expect(log.isLevelEnabled('info')).toBe(false);
    expect(child).not.toHaveBeenCalled();
    log.warn('one');
    log.warn('two');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => line.msg)).toEqual(['one', 'two']);
  });

  it('redacts as the application logger does', () => {
    const { log, lines } = capture('info');
    log.info({ body: { matchingIdentifier: 'TN5ZB-2VZQK' } }, 'body');
    expect(JSON.stringify(lines)).not.toContain('TN5ZB-2VZQK');
  });
});
