import { Writable } from 'node:stream';
import { createLogger } from './logger';

describe('createLogger', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { logger: createLogger('info', stream), lines };
  }

  it('redacts authorization headers and activation codes wherever a log call puts them', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer eyJ.secret', cookie: 'c=1' } } }, 'incoming');
    logger.info({ body: { matchingIdentifier: 'TN5ZB-2VZQK', activationCodes: [{ matchingIdentifier: 'X' }] } }, 'body');
    const text = lines.join('');
    expect(text).not.toContain('eyJ.secret');
    expect(text).not.toContain('c=1');
    expect(text).not.toContain('TN5ZB-2VZQK');
    expect(text).toContain('[redacted]');
  });

  it('writes one JSON object per line', () => {
    const { logger, lines } = capture();
    logger.info('hello');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 30, msg: 'hello', service: 'graph-esim-service' });
  });
});
