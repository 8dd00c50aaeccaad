import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The script runs under plain Node before anything is built, so it is CommonJS JavaScript.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleBuildReason } = require('../scripts/start.cjs') as { staleBuildReason: (root: string) => string | undefined };

/** `npm start` builds only when dist/ is missing or older than its inputs (issue: start fast). */
describe('npm start: whether the build is stale', () => {
  let root: string;
  const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000);
  const file = (path: string, secondsAgo: number) => {
    const full = join(root, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, '');
    utimesSync(full, at(secondsAgo), at(secondsAgo));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'esim-start-'));
    file('src/main.ts', 100);
    file('src/esim/pools/pools.service.ts', 100);
    file('migrations/1-initial.ts', 100);
    file('tsconfig.json', 100);
    file('package-lock.json', 100);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no build', () => {
    expect(staleBuildReason(root)).toMatch(/dist\/src\/main\.js is missing/);
  });

  it('serves a build newer than every input without building', () => {
    file('dist/src/main.js', 10);
    expect(staleBuildReason(root)).toBeUndefined();
  });

  it.each([
    ['a source file deep in src', 'src/esim/pools/pools.service.ts', /^src changed/],
    ['a migration', 'migrations/2-next.ts', /^migrations changed/],
    ['the compiler settings', 'tsconfig.json', /^tsconfig\.json changed/],
    ['the locked dependencies', 'package-lock.json', /^package-lock\.json changed/],
  ])('builds again after a change to %s', (_what, path, reason) => {
    file('dist/src/main.js', 10);
    file(path, 1);
    expect(staleBuildReason(root)).toMatch(reason);
  });

  it('ignores a change to a unit spec, which the build leaves out', () => {
    file('dist/src/main.js', 10);
    file('src/esim/pools/pools.service.spec.ts', 1);
    expect(staleBuildReason(root)).toBeUndefined();
  });
});
