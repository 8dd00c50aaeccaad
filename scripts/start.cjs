// @ts-check
/**
 * `npm start`: builds the service only when `dist/` is missing or older than what it is built from,
 * then serves it in this same process (signals reach the service directly). `npm run start:prod`
 * serves the build without looking at the sources at all. With `--build-only` it stops after the
 * build (harnesses that start the built service themselves).
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const BUILT_ENTRY = join('dist', 'src', 'main.js');
/** What `nest build` reads (tsconfig.build.json, nest-cli.json): a change to any of them makes dist/ stale. */
const BUILD_INPUTS = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];

/** @param {string} path @returns {number} the latest modification time under `path` (0 when absent); specs are not built. */
function newestModification(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return path.endsWith('.spec.ts') ? 0 : stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestModification(join(path, entry))), 0);
}

/** @param {string} root @returns {string | undefined} why `root`'s build must be redone, or undefined when it is current */
function staleBuildReason(root) {
  const entry = join(root, BUILT_ENTRY);
  if (!existsSync(entry)) return `${BUILT_ENTRY} is missing`;
  const built = statSync(entry).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => newestModification(join(root, input)) > built);
  return changed === undefined ? undefined : `${changed} changed since the last build`;
}

module.exports = { staleBuildReason };

if (require.main === module) {
  const reason = staleBuildReason(ROOT);
  if (reason !== undefined) {
    process.stderr.write(`Building the service first (${reason})…\n`);
    const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  if (!process.argv.includes('--build-only')) require(join(ROOT, BUILT_ENTRY));
}
